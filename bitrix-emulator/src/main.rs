//! `bitrix-emulator`: a local Bitrix24 portal on 127.0.0.1 until killed.
//!
//! Prints the webhook URL as the first line on stdout, everything else on stderr.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use bitrix_emulator::{FaultPlan, Latency, Limits, Plan, Portal};

const HELP: &str = "\
bitrix-emulator: a local Bitrix24 portal for tests and benchmarks

USAGE: bitrix-emulator [OPTIONS]

Prints its webhook URL (http://127.0.0.1:PORT/rest/1/CODE/) as the first line on
stdout, then serves until killed.

OPTIONS:
  --port N             port on 127.0.0.1 (default: any free port)
  --plan P             rate-limit preset: others (2/s, 50), enterprise (5/s, 250), off
                       (default: others)
  --rps X              leaky-bucket drain rate per second (overrides the plan's)
  --burst X            leaky-bucket threshold (overrides the plan's)
  --clock-speed X      emulated time runs X times faster than real time (default 1)
  --operating-limit S  operating budget per method in a 10-minute window, seconds (default 480)
  --method-cost S      emulated seconds added to every method call (default 0)
  --fault-rate X       share of answers (0..1) replaced by a random fault (default 0)
  --fault-seed N       seed of the fault RNG (default 1)
  --latency            answer like a cloud portal: the defaults below (100 ms per request,
                       10 ms per command, jitter 0.3); off unless this or a --latency-*
                       flag is given. From the official pages' example `time` blocks
                       (365 in api-reference/crm): duration median 0.48 s, processing
                       median 0.039 s; a batch example's commands take 3-7 ms each. So a
                       call waits ~110 ms, a batch of 50 ~600 ms. The bucket counts a
                       request when it arrives; the delay comes after that, before the
                       answer is sent
  --latency-ms MS      delay of every answer, milliseconds (default 100 when on)
  --latency-per-command-ms MS
                       added per command run: 1 for a method call, each executed command
                       of a batch, 0 when refused (default 10 when on)
  --latency-jitter J   each delay times a uniform factor in [1-J, 1+J] (default 0.3)
  --latency-seed N     seed of the jitter RNG (default 1)
  --token-lifetime S   OAuth access-token lifetime, seconds (default 3600)
  --scopes A,B,...     scopes of the printed webhook and tokens (default crm,user)
  --pages DIR          also serve the method pages under DIR (repeatable; the pages
                       bitrix-api ships are always served)
  --schema FILE        serve a portal's saved schema (bitrix-schema.json, as
                       `bitrix-api schema pull` writes it): its user fields, smart
                       processes, funnels and stages
  -h, --help           this text
";

#[derive(Debug)]
struct Options {
    port: u16,
    plan: Limits,
    rps: Option<f64>,
    burst: Option<f64>,
    clock_speed: f64,
    operating_limit: f64,
    method_cost: f64,
    fault_rate: f64,
    fault_seed: u64,
    token_lifetime: f64,
    pages: Vec<String>,
    scopes: Option<Vec<String>>,
    schema: Option<String>,
    latency: Option<Latency>,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Options>, String> {
    let mut o = Options {
        port: 0,
        plan: Limits::from(Plan::Others),
        rps: None,
        burst: None,
        clock_speed: 1.0,
        operating_limit: 480.0,
        method_cost: 0.0,
        fault_rate: 0.0,
        fault_seed: 1,
        token_lifetime: 3600.0,
        pages: Vec::new(),
        scopes: None,
        schema: None,
        latency: None,
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        if flag == "--latency" {
            o.latency.get_or_insert_with(Latency::portal);
            continue;
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (flag.clone(), None),
        };
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("{name} needs a value")),
        };
        let num = |v: &str| -> Result<f64, String> {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("{name}: not a non-negative number: {v}"))
        };
        match name.as_str() {
            "--port" => {
                o.port = value
                    .parse()
                    .map_err(|_| format!("--port: not a port: {value}"))?
            }
            "--plan" => {
                o.plan = match value.as_str() {
                    "others" => Plan::Others.into(),
                    "enterprise" => Plan::Enterprise.into(),
                    "off" => Limits::off(),
                    other => {
                        return Err(format!(
                            "--plan: expected others, enterprise or off, got {other}"
                        ))
                    }
                }
            }
            "--rps" => o.rps = Some(num(&value)?),
            "--burst" => o.burst = Some(num(&value)?),
            "--clock-speed" => o.clock_speed = num(&value)?,
            "--operating-limit" => o.operating_limit = num(&value)?,
            "--method-cost" => o.method_cost = num(&value)?,
            "--fault-rate" => o.fault_rate = num(&value)?.min(1.0),
            "--fault-seed" => {
                o.fault_seed = value
                    .parse()
                    .map_err(|_| format!("--fault-seed: not an integer: {value}"))?
            }
            "--token-lifetime" => o.token_lifetime = num(&value)?,
            "--pages" => o.pages.push(value),
            "--scopes" => o.scopes = Some(value.split(',').map(|s| s.trim().to_owned()).collect()),
            "--schema" => o.schema = Some(value),
            "--latency-ms" => {
                let l = o.latency.get_or_insert_with(Latency::portal);
                *l = l.per_request(Duration::from_secs_f64(num(&value)? / 1000.0));
            }
            "--latency-per-command-ms" => {
                let l = o.latency.get_or_insert_with(Latency::portal);
                *l = l.per_command(Duration::from_secs_f64(num(&value)? / 1000.0));
            }
            "--latency-jitter" => {
                let l = o.latency.get_or_insert_with(Latency::portal);
                *l = l.jitter(num(&value)?);
            }
            "--latency-seed" => {
                let seed = value
                    .parse()
                    .map_err(|_| format!("--latency-seed: not an integer: {value}"))?;
                let l = o.latency.get_or_insert_with(Latency::portal);
                *l = l.seed(seed);
            }
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    Ok(Some(o))
}

fn limits(o: &Options) -> Limits {
    match (o.rps, o.burst) {
        (None, None) => o.plan,
        (rps, burst) => {
            let base = Limits::from(Plan::Others);
            let (rate, threshold) = match (o.plan.drain_per_sec(), o.plan.threshold()) {
                (Some(rate), Some(threshold)) => (rate, threshold),
                _ => (
                    base.drain_per_sec().unwrap_or(2.0),
                    base.threshold().unwrap_or(50.0),
                ),
            };
            Limits::custom(rps.unwrap_or(rate), burst.unwrap_or(threshold))
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let o = match parse(std::env::args().skip(1)) {
        Ok(Some(o)) => o,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("bitrix-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Portal::builder()
        .port(o.port)
        .limits(limits(&o))
        .clock_speed(o.clock_speed)
        .operating_limit(Duration::from_secs_f64(o.operating_limit))
        .method_cost(Duration::from_secs_f64(o.method_cost))
        .token_lifetime(Duration::from_secs_f64(o.token_lifetime))
        .latency(o.latency.unwrap_or_default())
        // Runs until killed: keep memory bounded (counts stay exact).
        .log_capacity(100_000);
    if let Some(file) = &o.schema {
        builder = builder.schema(file);
    }
    for dir in &o.pages {
        builder = builder.pages(dir);
    }
    if let Some(scopes) = &o.scopes {
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        builder = builder.webhook(1, &scopes);
    }
    if o.fault_rate > 0.0 {
        builder = builder.faults(FaultPlan::new(o.fault_rate, o.fault_seed));
    }
    let portal = match builder.start().await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("bitrix-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", portal.webhook_url());
    let _ = out.flush();
    drop(out);
    // The printed application tokens hold the same scopes as the webhook.
    let scopes: Vec<&str> = match &o.scopes {
        Some(scopes) => scopes.iter().map(String::as_str).collect(),
        None => vec!["crm", "user"],
    };
    let tokens = portal.issue_tokens(&scopes);
    let app = portal.oauth_app();
    eprintln!("bitrix-emulator: listening on {}", portal.base_url());
    eprintln!("  rest (OAuth):   {}", portal.rest_url());
    eprintln!("  REST 3.0:       {}", portal.v3_webhook_url());
    eprintln!("  oauth server:   {}", portal.oauth_server_url());
    eprintln!("  access_token:   {}", tokens.access_token.expose());
    eprintln!("  refresh_token:  {}", tokens.refresh_token.expose());
    eprintln!("  client_id:      {}", app.client_id);
    eprintln!("  client_secret:  {}", app.client_secret.expose());
    eprintln!("  limits:         {:?}", limits(&o));
    eprintln!("  latency:        {:?}", o.latency.unwrap_or_default());
    for rejected in portal.rejected_pages() {
        eprintln!("  not served:     {rejected}");
    }
    let _ = tokio::signal::ctrl_c().await;
    portal.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_flags() {
        let o = parse(args(
            "--port 8080 --plan enterprise --rps=10 --fault-rate 0.5",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(o.port, 8080);
        assert_eq!(limits(&o), Limits::custom(10.0, 250.0));
        assert_eq!(o.fault_rate, 0.5);
        let two = parse(args("--pages a --pages=b")).unwrap().unwrap();
        assert_eq!(two.pages, ["a", "b"]);
        assert!(parse(args("--help")).unwrap().is_none());
        assert!(parse(args("--plan free")).is_err());
        assert!(parse(args("--port")).is_err());
        assert!(parse(args("--bogus 1")).is_err());
        assert_eq!(o.latency, None, "latency is off unless asked for");
        let lat = parse(args("--latency-ms 50 --latency-seed 3"))
            .unwrap()
            .unwrap();
        assert_eq!(
            lat.latency,
            Some(
                Latency::portal()
                    .per_request(Duration::from_millis(50))
                    .seed(3)
            )
        );
        let on = parse(args("--latency --rps 2")).unwrap().unwrap();
        assert_eq!(on.latency, Some(Latency::portal()));
        let off = parse(args("--plan off")).unwrap().unwrap();
        assert_eq!(limits(&off), Limits::off());
    }
}
