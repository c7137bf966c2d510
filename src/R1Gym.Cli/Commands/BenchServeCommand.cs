using System.CommandLine;
using R1Gym.Service;
using R1Gym.Service.Bench;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym bench serve [--answers N] [--clients C] [--rounds R] [--json]</c>: answers/s through HTTP against in-process sandbox batch.</summary>
internal static class BenchServeCommand
{
    public static Command Create()
    {
        var answers = new Option<int>("--answers") { Description = "Answers of the standard sandbox workload per measurement (default 300).", DefaultValueFactory = _ => 300 };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (default 64).", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of (in-process, HTTP), alternating; the best of each is reported (default 1; use 3 on a shared machine).", DefaultValueFactory = _ => 1 };
        var command = new Command("serve", "r1gym serve's throughput: the sandbox workload over HTTP (p50/p99 latency) against in-process sandbox batch, same run.") { answers, clients, rounds };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(answers), c = parse.GetValue(clients), k = parse.GetValue(rounds);
            if (n < 1 || c < 1 || k < 1)
                throw new Abstractions.R1GymException($"--answers, --clients and --rounds must be at least 1, found {n}, {c} and {k}.");
            var builder = ServiceApp.CreateBuilder();
            // No API key, and no per-request log lines (they would measure the console, not the service).
            CliHost.Configure(builder, parse, [new("Service:ApiKey", ""), new("Logging:LogLevel:R1Gym.Service", "Warning")]);
            await using var app = ServiceApp.Build(builder, "http://127.0.0.1:0");
            await app.StartAsync(ct);
            var r = await ServiceBenchmark.RunAsync(app, app.Urls.First(), n, c, k, ct);
            await app.StopAsync(ct);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    answers = r.Answers,
                    clients = r.Clients,
                    rounds = r.Rounds,
                    pool_size = r.PoolSize,
                    concurrency = r.Concurrency,
                    http_answers_per_second = Math.Round(r.HttpAnswersPerSecond, 1),
                    p50_ms = Math.Round(r.P50Ms, 1),
                    p99_ms = Math.Round(r.P99Ms, 1),
                    in_process_answers_per_second = Math.Round(r.InProcessAnswersPerSecond, 1),
                    ratio = Math.Round(r.Ratio, 3),
                    verdict_mismatches = r.VerdictMismatches,
                    http_errors = r.HttpErrors,
                });
            else
            {
                Console.Out.WriteLine($"workload        {r.Answers} answers x 5 tests, {r.Clients} HTTP clients, pool {r.PoolSize}, {r.Concurrency} items in flight (best of {r.Rounds} round(s))");
                Console.Out.WriteLine($"over HTTP       {r.HttpAnswersPerSecond,8:0.0} answers/s  (p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms per request)");
                Console.Out.WriteLine($"in process      {r.InProcessAnswersPerSecond,8:0.0} answers/s  (sandbox batch)");
                Console.Out.WriteLine($"ratio           {r.Ratio,8:0.00}x  (target >= 0.85x)");
                Console.Out.WriteLine($"mismatches      {r.VerdictMismatches} verdicts, {r.HttpErrors} HTTP errors");
            }
            return 0;
        });
        return command;
    }
}
