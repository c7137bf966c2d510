using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using R1Gym.Sandbox;
using R1Gym.Sandbox.Bench;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym bench sandbox [--answers N] [--json]</c>: isolated answers/s against the in-process ceiling and a fresh process per answer.</summary>
internal static class BenchSandboxCommand
{
    public static Command Create()
    {
        var answers = new Option<int>("--answers") { Description = "Answers in the mixed workload (default 300).", DefaultValueFactory = _ => 300 };
        var fresh = new Option<int>("--fresh") { Description = "Answers for the fresh-process-per-answer baseline (default 40).", DefaultValueFactory = _ => 40 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of (sandboxed, ceiling), alternating; the best of each is reported (default 1; use 3 on a shared machine).", DefaultValueFactory = _ => 1 };
        var command = new Command("sandbox", "Sandbox throughput on the standard mixed workload (5 tests each; some wrong, compile errors, timeouts).") { answers, fresh, rounds };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(answers), f = parse.GetValue(fresh), k = parse.GetValue(rounds);
            if (n < 1 || f < 0 || k < 1)
                throw new Abstractions.R1GymException($"--answers and --rounds must be at least 1 and --fresh 0 or more, found {n}, {k} and {f}.");
            using var host = CliHost.Build(parse);
            var options = host.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
            var r = await SandboxBenchmark.RunAsync(options, n, f, ct, k);
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    answers = r.Answers,
                    rounds = r.Rounds,
                    answers_per_second = Math.Round(r.AnswersPerSecond, 1),
                    ceiling_answers_per_second = Math.Round(r.CeilingAnswersPerSecond, 1),
                    fresh_process_answers_per_second = Math.Round(r.FreshProcessAnswersPerSecond, 1),
                    fraction_of_ceiling = Math.Round(r.FractionOfCeiling, 3),
                    fresh_process_answers = r.FreshProcessAnswers,
                    verdict_mismatches = r.VerdictMismatches,
                    mismatched = r.Mismatched,
                    cores = r.Cores,
                    pool_size = r.PoolSize,
                    isolated = r.Isolated,
                    compiles_in = r.CompilesIn,
                    workers_started = r.WorkersStarted,
                    breakdown_ms = r.Breakdown is not { } b ? null : new
                    {
                        compile = Math.Round(b.CompileMs, 2),
                        round_trip = Math.Round(b.RoundTripMs, 2),
                        worker_run = Math.Round(b.WorkerRunMs, 2),
                        worker_cleanup = Math.Round(b.WorkerCleanupMs, 2),
                        timeouts = b.Timeouts,
                        timeout_round_trip = Math.Round(b.TimeoutRoundTripMs, 1),
                    },
                });
            else
            {
                Console.Out.WriteLine($"workload            {r.Answers} distinct answers x 5 tests ({r.Cores} cores, pool {r.PoolSize}, isolated: {r.Isolated}, compiles in: {r.CompilesIn}; best of {r.Rounds} round(s))");
                Console.Out.WriteLine($"sandboxed           {r.AnswersPerSecond,8:0.0} answers/s  ({r.FractionOfCeiling:P0} of the ceiling)");
                Console.Out.WriteLine($"in-process ceiling  {r.CeilingAnswersPerSecond,8:0.0} answers/s  (no isolation)");
                Console.Out.WriteLine($"fresh process each  {r.FreshProcessAnswersPerSecond,8:0.0} answers/s  ({r.FreshProcessAnswers} answers)");
                Console.Out.WriteLine($"verdict mismatches  {r.VerdictMismatches}");
                foreach (string m in r.Mismatched)
                    Console.Out.WriteLine($"  {m}");
                if (r.Breakdown is { } b)
                    Console.Out.WriteLine($"per answer (ms)     compile {b.CompileMs:0.00}, round trip {b.RoundTripMs:0.00} (worker run {b.WorkerRunMs:0.00}, clean-up {b.WorkerCleanupMs:0.00}); {b.Timeouts} timeouts at {b.TimeoutRoundTripMs:0} ms; {r.WorkersStarted} workers started");
            }
            return 0;
        });
        return command;
    }
}
