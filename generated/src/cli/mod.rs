//! The `atlas-invites` command line: one subcommand per operation, grouped by tag, built with
//! `clap`'s builder API from the table in [`operations`](self). Compiled with the `cli`
//! feature only. `main` in `src/bin/atlas-invites.rs` calls [`main`].
//!
//! Exit codes: 0 success, 1 no reply or an undecodable one (network, TLS, timeout),
//! 2 usage error (unknown flag, missing required flag), 3 invalid input found before
//! sending (a value breaks a rule of the API description), 4 the server replied with an
//! error status (its error body is printed to standard error).

mod operations;

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::Value;

use crate::{Client, Error, Pending};

/// Success.
pub const EXIT_OK: u8 = 0;
/// No reply, or a reply that could not be decoded.
pub const EXIT_FAILURE: u8 = 1;
/// The command line itself is wrong.
pub const EXIT_USAGE: u8 = 2;
/// A value breaks a rule of the API description; nothing was sent.
pub const EXIT_INVALID_INPUT: u8 = 3;
/// The server replied with an error status.
pub const EXIT_API_ERROR: u8 = 4;

/// One operation's place in the command tree, its flags and its body.
struct Operation {
    /// The group (tag) subcommand, kebab case.
    group: &'static str,
    /// The subcommand, kebab case; the `operationId` is accepted as an alias.
    name: &'static str,
    id: &'static str,
    about: &'static str,
    long_about: &'static str,
    /// The deprecation note printed to standard error before the call.
    deprecated: Option<&'static str>,
    flags: &'static [Flag],
    body: Option<Body>,
}

/// A flag for one parameter.
struct Flag {
    name: &'static str,
    /// The placeholder in usage lines, such as `ORG_ID`.
    value: &'static str,
    help: &'static str,
    required: bool,
    /// Repeatable: each use adds one item.
    list: bool,
}

/// The request body: from `--file` (a path, or `-` for standard input), from standard
/// input when it is not a terminal, and from one flag per simple top-level field.
struct Body {
    required: bool,
    fields: &'static [Field],
}

/// A flag that sets one top-level field of the body.
struct Field {
    flag: &'static str,
    value: &'static str,
    wire: &'static str,
    kind: FieldKind,
    list: bool,
    help: &'static str,
}

/// How a field flag's text becomes JSON.
#[derive(Clone, Copy)]
#[allow(dead_code)] // which kinds are used depends on the API
enum FieldKind {
    Text,
    Integer,
    Number,
    Bool,
    /// Objects, unions and free-form values: the text is parsed as JSON.
    Json,
}

/// Why a command failed, which decides its exit code.
enum Failure {
    Usage(String),
    Invalid(String),
    Api(Box<crate::ErrorResponse>),
    Other(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error {
            Error::InvalidInput(invalid) => Failure::Invalid(invalid.to_string()),
            Error::Api(response) => Failure::Api(response),
            other => Failure::Other(other.to_string()),
        }
    }
}

impl Failure {
    /// Prints the failure to standard error and returns its exit code.
    fn report(self) -> u8 {
        match self {
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                EXIT_USAGE
            }
            Failure::Invalid(message) => {
                eprintln!("error: {message} (nothing was sent)");
                EXIT_INVALID_INPUT
            }
            Failure::Api(response) => {
                eprintln!("error: the server replied {}", response.status);
                match serde_json::from_str::<Value>(&response.raw) {
                    Ok(body) => eprintln!("{}", serde_json::to_string_pretty(&body).unwrap_or_default()),
                    Err(_) if !response.raw.trim().is_empty() => eprintln!("{}", response.raw.trim()),
                    Err(_) => {}
                }
                EXIT_API_ERROR
            }
            Failure::Other(message) => {
                eprintln!("error: {message}");
                EXIT_FAILURE
            }
        }
    }
}

/// What a successful call prints.
enum Output {
    #[allow(dead_code)] // an API without JSON replies has none
    Json(Value),
    Bytes(Vec<u8>),
    Nothing,
}

/// Runs the command line of this process and returns its exit code.
pub fn main() -> ExitCode {
    let code = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run(std::env::args_os())),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            EXIT_FAILURE
        }
    };
    ExitCode::from(code)
}

/// Runs one command line (`args` starts with the program name) and returns its exit code.
pub async fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = match command().try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let Some((group, group_matches)) = matches.subcommand() else { return EXIT_USAGE };
    let Some((name, op_matches)) = group_matches.subcommand() else { return EXIT_USAGE };
    let Some(op) = operations::OPERATIONS.iter().find(|op| op.group == group && op.name == name) else { return EXIT_USAGE };
    if let Some(note) = op.deprecated {
        eprintln!("warning: `{}` is deprecated: {note}", op.id);
    }
    let client = match client(&matches) {
        Ok(client) => client,
        Err(failure) => return failure.report(),
    };
    let args = Args { matches: op_matches, op };
    match operations::call(&client, op.id, &args).await {
        Ok(output) => print(output, matches.get_flag("pretty")),
        Err(failure) => failure.report(),
    }
}

fn print(output: Output, pretty: bool) -> u8 {
    let mut stdout = std::io::stdout().lock();
    let written = match output {
        Output::Json(value) => {
            let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
            writeln!(stdout, "{}", text.unwrap_or_default())
        }
        Output::Bytes(bytes) => stdout.write_all(&bytes),
        Output::Nothing => Ok(()),
    };
    match written.and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => Failure::Other(format!("cannot write the reply: {e}")).report(),
    }
}

/// The client, configured from the global flags and the environment variables the Atlas
/// documentation uses for credentials.
fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    let base_url = matches.get_one::<String>("base-url").cloned().or_else(|| env("MONGODB_ATLAS_BASE_URL"));
    if let Some(base_url) = &base_url {
        builder = builder.base_url(base_url.as_str());
    }
    // The token endpoint lives next to the API: follow the base URL when it is changed.
    if let (Some(base_url), Some(path)) = (&base_url, crate::DEFAULT_TOKEN_URL.strip_prefix(crate::DEFAULT_BASE_URL)) {
        builder = builder.token_url(format!("{}{path}", base_url.trim_end_matches('/')));
    }
    match (env("MONGODB_ATLAS_CLIENT_ID"), env("MONGODB_ATLAS_CLIENT_SECRET")) {
        (Some(id), Some(secret)) => builder = builder.credentials(crate::Credentials::service_account(id, secret)),
        (None, None) => {}
        _ => return Err(Failure::Usage("set both MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET, or neither".into())),
    }
    match (env("MONGODB_ATLAS_PUBLIC_API_KEY"), env("MONGODB_ATLAS_PRIVATE_API_KEY")) {
        (Some(_), Some(_)) if env("MONGODB_ATLAS_CLIENT_ID").is_some() => {
            return Err(Failure::Usage("set either a service account (MONGODB_ATLAS_CLIENT_ID) or an API key (MONGODB_ATLAS_PUBLIC_API_KEY), not both".into()));
        }
        (Some(public), Some(private)) => builder = builder.credentials(crate::Credentials::digest(public, private)),
        (None, None) => {}
        _ => return Err(Failure::Usage("set both MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY, or neither".into())),
    }
    builder.build().map_err(|e| Failure::Usage(e.to_string()))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The whole command tree.
fn command() -> Command {
    let mut root = Command::new("atlas-invites")
        .version(env!("CARGO_PKG_VERSION"))
        .about("A command line for Atlas Invitations: one subcommand per operation, grouped by tag.")
        .after_help(concat!(
            "Credentials come from MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account)\n",
            "or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (an API key, HTTP Digest).\n\n",
            "Exit codes: 0 success, 1 no reply or an undecodable one, 2 usage error, 3 invalid input\n",
            "(nothing was sent), 4 the server replied with an error status.",
        ))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .max_term_width(100)
        // The global flags come last in every subcommand's help, after its own.
        .arg(Arg::new("base-url").long("base-url").global(true).display_order(1000).value_name("URL").help("The API's base URL [env: MONGODB_ATLAS_BASE_URL] [default: https://cloud.mongodb.com]"))
        .arg(Arg::new("pretty").long("pretty").global(true).display_order(1001).action(ArgAction::SetTrue).help("Print the reply as indented JSON"));
    for (group, about) in operations::GROUPS {
        let mut subcommand = Command::new(*group).about(*about).subcommand_required(true).arg_required_else_help(true);
        for op in operations::OPERATIONS.iter().filter(|op| op.group == *group) {
            subcommand = subcommand.subcommand(operation_command(op));
        }
        root = root.subcommand(subcommand);
    }
    root
}

fn operation_command(op: &'static Operation) -> Command {
    let mut command = Command::new(op.name).about(op.about).long_about(op.long_about);
    // An `operationId` that is already kebab case (`upload`) is the name itself: clap
    // rejects an alias equal to it.
    if op.id != op.name {
        command = command.alias(op.id);
    }
    for flag in op.flags {
        let mut arg = Arg::new(flag.name).long(flag.name).value_name(flag.value).help(flag.help).required(flag.required);
        if flag.list {
            arg = arg.action(ArgAction::Append);
        }
        command = command.arg(arg);
    }
    if let Some(body) = &op.body {
        let required = if body.required { " (required)" } else { "" };
        command = command.arg(Arg::new("file").long("file").value_name("PATH").help(format!("Read the request body{required} as JSON from PATH, or from standard input if PATH is `-`; field flags override its fields")));
        for field in body.fields {
            let mut arg = Arg::new(field.flag).long(field.flag).value_name(field.value).help(field.help);
            if field.list {
                arg = arg.action(ArgAction::Append);
            }
            command = command.arg(arg);
        }
    }
    command
}

/// The parsed flags of one operation, converted on demand to the builder's types.
struct Args<'a> {
    matches: &'a ArgMatches,
    op: &'static Operation,
}

impl Args<'_> {
    /// A single value, parsed from its text.
    #[allow(dead_code)] // an API whose operations take no parameters does not need it
    fn one<T: std::str::FromStr>(&self, flag: &str) -> Result<Option<T>, Failure>
    where
        T::Err: std::fmt::Display,
    {
        self.matches.get_one::<String>(flag).map(|text| parse(flag, text)).transpose()
    }

    /// A repeatable flag, one item per use.
    #[allow(dead_code)] // not every API has list parameters
    fn all<T: std::str::FromStr>(&self, flag: &str) -> Result<Option<Vec<T>>, Failure>
    where
        T::Err: std::fmt::Display,
    {
        self.matches.get_many::<String>(flag).map(|texts| texts.map(|text| parse(flag, text)).collect()).transpose()
    }

    /// A value of an object or union type, given as JSON text (bare text counts as a JSON
    /// string, so `--event-type CLUSTER_CREATED` works for a union of string enums).
    #[allow(dead_code)] // not every API has such parameters
    fn json<T: serde::de::DeserializeOwned>(&self, flag: &str) -> Result<Option<T>, Failure> {
        self.matches.get_one::<String>(flag).map(|text| parse_json(flag, text)).transpose()
    }

    /// A repeatable flag of an object or union type, one JSON value per use.
    #[allow(dead_code)] // not every API has such parameters
    fn all_json<T: serde::de::DeserializeOwned>(&self, flag: &str) -> Result<Option<Vec<T>>, Failure> {
        self.matches.get_many::<String>(flag).map(|texts| texts.map(|text| parse_json(flag, text)).collect()).transpose()
    }

    /// The request body: the JSON of `--file` (or standard input), with field flags applied.
    #[allow(dead_code)] // not every API has request bodies
    fn body<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, Failure> {
        let Some(spec) = &self.op.body else { return Ok(None) };
        let mut body = match self.matches.get_one::<String>("file") {
            Some(path) if path == "-" => Some(read_json("standard input", std::io::stdin().lock())?),
            Some(path) => {
                let file = std::fs::File::open(path).map_err(|e| Failure::Invalid(format!("cannot read the body file `{path}`: {e}")))?;
                Some(read_json(path, file)?)
            }
            None => None,
        };
        for field in spec.fields {
            let Some(texts) = self.matches.get_many::<String>(field.flag) else { continue };
            let values = texts.map(|text| field_value(field, text)).collect::<Result<Vec<_>, _>>()?;
            let value = if field.list { Value::Array(values) } else { values.into_iter().next().unwrap_or(Value::Null) };
            match body.get_or_insert_with(|| Value::Object(Default::default())) {
                Value::Object(object) => {
                    object.insert(field.wire.to_string(), value);
                }
                _ => return Err(Failure::Invalid(format!("`--{}` sets a field, but the body given is not a JSON object", field.flag))),
            }
        }
        if body.is_none() && spec.required && !std::io::stdin().is_terminal() {
            body = Some(read_json("standard input", std::io::stdin().lock())?);
        }
        body.map(|body| serde_json::from_value(body).map_err(|e| Failure::Invalid(format!("the request body does not have the documented shape: {e}")))).transpose()
    }
}

fn parse<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, Failure>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e| Failure::Invalid(format!("invalid value {text:?} for `--{flag}`: {e}")))
}

fn parse_json<T: serde::de::DeserializeOwned>(flag: &str, text: &str) -> Result<T, Failure> {
    serde_json::from_str(text)
        .or_else(|e| serde_json::from_value(Value::String(text.to_string())).map_err(|_| e))
        .map_err(|e| Failure::Invalid(format!("invalid value {text:?} for `--{flag}`: {e}")))
}

fn read_json(source: &str, mut reader: impl Read) -> Result<Value, Failure> {
    let mut text = String::new();
    reader.read_to_string(&mut text).map_err(|e| Failure::Invalid(format!("cannot read the body from {source}: {e}")))?;
    serde_json::from_str(&text).map_err(|e| Failure::Invalid(format!("the body from {source} is not JSON: {e}")))
}

fn field_value(field: &Field, text: &str) -> Result<Value, Failure> {
    let invalid = |e: &dyn std::fmt::Display| Failure::Invalid(format!("invalid value {text:?} for `--{}`: {e}", field.flag));
    Ok(match field.kind {
        FieldKind::Text => Value::String(text.to_string()),
        FieldKind::Integer => Value::from(text.parse::<i64>().map_err(|e| invalid(&e))?),
        FieldKind::Number => Value::from(text.parse::<f64>().map_err(|e| invalid(&e))?),
        FieldKind::Bool => Value::Bool(text.parse::<bool>().map_err(|e| invalid(&e))?),
        FieldKind::Json => serde_json::from_str(text).map_err(|e| invalid(&e))?,
    })
}

/// Awaits a JSON reply.
#[allow(dead_code)] // not every API has such replies
async fn json<T: serde::Serialize>(pending: Pending<'_, T>) -> Result<Output, Failure> {
    let reply = pending.await?;
    serde_json::to_value(&reply).map(Output::Json).map_err(|e| Failure::Other(e.to_string()))
}

/// Awaits a reply without a body.
#[allow(dead_code)] // not every API has such replies
async fn empty(pending: Pending<'_, ()>) -> Result<Output, Failure> {
    pending.await?;
    Ok(Output::Nothing)
}

/// Awaits a text reply: printed as it is.
#[allow(dead_code)] // not every API has such replies
async fn text(pending: Pending<'_, String>) -> Result<Output, Failure> {
    Ok(Output::Bytes(pending.await?.into_bytes()))
}

/// Awaits a reply that is not JSON: its bytes go to standard output as they are.
#[allow(dead_code)] // not every API has such replies
async fn bytes(pending: Pending<'_, Vec<u8>>) -> Result<Output, Failure> {
    Ok(Output::Bytes(pending.await?))
}
