using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym check [&lt;id&gt;|all]</c>: the conformance check; exit code 1 when anything fails.</summary>
internal static class CheckCommands
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Task id to check, or 'all' (default).", DefaultValueFactory = _ => "all" };
        var samples = new Option<int>("--samples") { Description = "Problems per seed to generate, solve and attack.", DefaultValueFactory = _ => 8 };
        var options = TaskArguments.TaskOptions();
        var snapshots = new Option<string?>("--snapshots")
        {
            Description = "Folder of prompt snapshots: compare the first problems with them (a missing snapshot is written).",
            HelpName = "dir",
        };
        var watch = new Option<bool>("--watch") { Description = "Keep running: re-check a plugin's tasks whenever its build output changes (Ctrl+C stops)." };
        var command = new Command("check", "Run the conformance check: determinism, reference solutions, hostile completions, bad options.")
        {
            id, samples, options, snapshots, watch,
        };
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(samples);
            if (n < 1)
                throw new Abstractions.R1GymException($"--samples must be at least 1, found {n}.");
            bool watching = parse.GetValue(watch);
            using var host = CliHost.Build(parse, watching ? [new("Gym:Watch", "true")] : null);
            var registry = host.Services.GetRequiredService<ITaskRegistry>();
            var conformance = new ConformanceOptions
            {
                Samples = n,
                TaskOptions = TaskArguments.ParseOptions(parse, options),
                SnapshotDirectory = parse.GetValue(snapshots) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
            };
            var target = parse.GetValue(id)!;
            bool json = parse.GetValue(CliOptions.Json);

            var reports = target == "all"
                ? await Conformance.CheckAllAsync(registry, conformance, ct)
                : [await Conformance.CheckAsync(registry, target, conformance, ct)];
            int exit = Write(reports, json);
            if (!watching)
                return exit;
            return await WatchAsync(registry, conformance, json, exit, ct);
        });
        return command;
    }

    private static async Task<int> WatchAsync(ITaskRegistry registry, ConformanceOptions options, bool json, int exit, CancellationToken ct)
    {
        var reloads = System.Threading.Channels.Channel.CreateUnbounded<TasksReloadedEventArgs>();
        registry.Reloaded += (_, e) => reloads.Writer.TryWrite(e);
        Console.Error.WriteLine("watching plugin builds; press Ctrl+C to stop");
        try
        {
            await foreach (var reload in reloads.Reader.ReadAllAsync(ct))
            {
                Console.Error.WriteLine($"{reload.Source} changed: re-checking {reload.TaskIds.Count} tasks");
                var reports = new List<ConformanceReport>();
                if (reload.Failure is { } failure)
                    reports.Add(new ConformanceReport(failure.Source, [new ConformanceResult("load", ConformanceStatus.Failed, failure.Reason)]));
                foreach (var taskId in reload.TaskIds)
                    reports.Add(await Conformance.CheckAsync(registry, taskId, options, ct));
                exit = Write(reports, json);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return exit;
    }

    private static int Write(IReadOnlyList<ConformanceReport> reports, bool json)
    {
        int failed = reports.Count(r => !r.Passed);
        if (json)
        {
            CliOutput.WriteJson(new
            {
                passed = failed == 0,
                checked_tasks = reports.Count,
                failed_tasks = failed,
                reports = reports.Select(r => new
                {
                    id = r.Id,
                    passed = r.Passed,
                    results = r.Results.Select(x => new { check = x.Check, status = x.Status, message = x.Message }),
                }),
            });
        }
        else
        {
            foreach (var report in reports)
            {
                var skipped = report.Results.Count(r => r.Status == ConformanceStatus.Skipped);
                Console.Out.WriteLine($"{(report.Passed ? "ok  " : "FAIL")} {report.Id} ({report.Results.Count - skipped} checks{(skipped > 0 ? $", {skipped} skipped" : "")})");
                foreach (var result in report.Results.Where(r => r.Status != ConformanceStatus.Passed))
                    Console.Out.WriteLine($"       {result.Status.ToString().ToLowerInvariant()} {result.Check}: {result.Message}");
            }
            Console.Out.WriteLine($"{reports.Count} checked, {failed} failed");
        }
        return failed == 0 ? 0 : 1;
    }
}
