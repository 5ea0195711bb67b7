#!/usr/bin/env bash
# Extracts the corpus documents listed in corpus.tsv and holdout.tsv from local snapshots of their repositories
# (bare git directories, as the search tool's `fetch` leaves them under /work/.mirror) into
# target/corpus/<name>/, at the pinned commit. Fetches nothing from the network.
#   bash tools/corpus/prepare.sh [MIRROR_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
mirror=${1:-${OPENAPI_CORPUS_MIRROR:-/work/.mirror}}
out=$root/target/corpus
mkdir -p "$out"
cat "$root/tools/corpus/corpus.tsv" "$root/tools/corpus/holdout.tsv" | grep -v '^#' | while IFS=$'\t' read -r name repo commit _license document extract; do
  git_dir=$mirror/${repo/\//+}/repo
  if [[ ! -d $git_dir ]]; then
    echo "skipped $name: no snapshot of $repo at $git_dir" >&2
    continue
  fi
  rm -rf "$out/$name" && mkdir -p "$out/$name"
  if [[ $extract == dir ]]; then
    # A split document references its neighbours: its whole directory.
    git --git-dir="$git_dir" archive "$commit" -- "$(dirname "$document")" | tar -x -C "$out/$name"
  else
    mkdir -p "$out/$name/$(dirname "$document")"
    git --git-dir="$git_dir" show "$commit:$document" >"$out/$name/$document"
  fi
  echo "$name: $out/$name/$document"
done
