using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Sandbox;

namespace R1Gym.Cli.Commands;

/// <summary><c>r1gym sandbox run|batch|doctor</c>: verify C# answers in the sandbox and show what isolation is in use.</summary>
internal static class SandboxCommands
{
    public static Command Create()
    {
        var command = new Command("sandbox", "Verify untrusted C# answers in the isolated sandbox.");
        command.Subcommands.Add(Run());
        command.Subcommands.Add(Batch());
        command.Subcommands.Add(Doctor());
        return command;
    }

    private static Command Run()
    {
        var code = new Option<string>("--code") { Description = "C# source file of the answer.", Required = true, HelpName = "file" };
        var tests = new Option<string>("--tests") { Description = "Test specification JSON file (entryPoint/tests/args/expected or mode: stdio).", Required = true, HelpName = "file" };
        var command = new Command("run", "Verify one answer; exit 0 whenever a verdict was produced.") { code, tests };
        command.SetAction(async (parse, ct) =>
        {
            string source = await ReadFileAsync(parse.GetValue(code)!, ct);
            var spec = ParseObject(await ReadFileAsync(parse.GetValue(tests)!, ct), "--tests");
            // One answer: compiling here starts seconds sooner than warming up the compiler process (--set overrides).
            using var host = CliHost.Build(parse, [new("Sandbox:CompileInProcess", "true")]);
            var sandbox = host.Services.GetRequiredService<CodeSandbox>();
            var result = await sandbox.RunAsync(source, spec, ct);
            if (parse.GetValue(CliOptions.Json))
                Console.Out.WriteLine(result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
            {
                Console.Out.WriteLine($"verdict  {result.Verdict}  ({result.Passed}/{result.Total} tests, compile {result.CompileMs:0} ms, run {result.RunMs:0} ms)");
                foreach (var t in result.Tests)
                {
                    Console.Out.WriteLine($"  test {t.Index}  {t.Verdict,-14} {t.TimeMs,8:0.0} ms  {Shorten(t.Actual?.ToJsonString())}{(t.Message is null ? "" : "  " + t.Message)}");
                    if (t.Detail is { } d)
                        Console.Out.WriteLine($"          {(d.Args is not null ? $"args {Shorten(d.Args.ToJsonString())}" : $"stdin {Shorten(JsonValue.Create(d.Stdin)?.ToJsonString())}")}  expected {Shorten(d.Expected?.ToJsonString() ?? "null")}");
                }
                if (result.Diagnostics is not null)
                    Console.Out.WriteLine(result.Diagnostics);
            }
            await sandbox.DisposeAsync();
            return 0;
        });
        return command;
    }

    private static Command Batch()
    {
        var input = new Argument<string>("in.jsonl") { Description = "One JSON object per line: id, code, tests." };
        var output = new Option<string?>("--out") { Description = "Write results here instead of stdout (checked before anything runs; written as results come in).", HelpName = "file" };
        var command = new Command("batch", "Verify many answers through one warm pool; one result per line with the same id, in input order, then a summary line.") { input, output };
        command.SetAction(async (parse, ct) =>
        {
            string path = parse.GetValue(input)!;
            if (!File.Exists(path))
                throw new R1GymException($"Batch file '{path}' was not found; expected a JSONL file with one {{\"id\", \"code\", \"tests\"}} object per line.");
            // --out is opened first: a folder, a missing parent or a read-only file fails here, before any answer runs.
            await using var file = parse.GetValue(output) is { } outPath ? SandboxBatch.OpenOutput(outPath) : null;
            var lines = await File.ReadAllLinesAsync(path, ct);
            using var host = CliHost.Build(parse);
            var sandbox = host.Services.GetRequiredService<CodeSandbox>();
            try
            {
                await sandbox.StartAsync(ct);
                var summary = await SandboxBatch.RunAsync(sandbox, lines, file ?? Console.Out, ct: ct);
                // Results on stdout stay pure JSONL: the summary goes to stderr then.
                var summaryOut = file is null ? Console.Error : Console.Out;
                summaryOut.WriteLine(parse.GetValue(CliOptions.Json) ? summary.ToJson().ToJsonString() : $"summary: {summary}");
            }
            finally
            {
                // Also on Ctrl+C or SIGTERM: no worker or cgroup outlives the batch.
                await sandbox.DisposeAsync();
            }
            return 0;
        });
        return command;
    }

    private static Command Doctor()
    {
        var command = new Command("doctor", "Show which isolation layers this machine has and which the sandbox uses.");
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliHost.Build(parse);
            var sandbox = host.Services.GetRequiredService<CodeSandbox>();
            var report = await sandbox.StartAsync(ct);
            var worker = await sandbox.ProbeWorkerAsync(ct);
            var probe = await sandbox.RunAsync("public class Solution { public int Solve(int a) => a * 2; }",
                new JsonObject { ["entryPoint"] = "Solution.Solve", ["tests"] = new JsonArray(new JsonObject { ["args"] = new JsonArray(21), ["expected"] = 42 }) }, ct);
            string status = report.Problem is null ? "ready: full isolation" : report.Unsandboxed ? "UNSANDBOXED (AllowUnsandboxed=true)" : "REFUSING to run answers (fails closed)";
            if (parse.GetValue(CliOptions.Json))
                CliOutput.WriteJson(new
                {
                    status,
                    problem = report.Problem,
                    launcher = report.Launcher,
                    compiles_in = sandbox.CompilesIn,
                    layers = report.Layers.Select(l => new { name = l.Name, available = l.Available, in_use = l.InUse, detail = l.Detail }),
                    worker_self_report = worker,
                    self_test_verdict = probe.Verdict,
                });
            else
            {
                Console.Out.WriteLine($"sandbox: {status}{(report.Problem is null ? "" : $" - {report.Problem}")}");
                Console.Out.WriteLine($"launcher: {report.Launcher}{(report.Bubblewrap is { } bwrap ? $" ({bwrap})" : "")}");
                Console.Out.WriteLine($"compiles in: {sandbox.CompilesIn}");
                CliOutput.WriteTable(["layer", "available", "in use", "detail"],
                    report.Layers.Select(l => (IReadOnlyList<string>)[l.Name, l.Available ? "yes" : "no", l.InUse ? "yes" : "no", l.Detail]));
                if (worker is not null)
                    Console.Out.WriteLine($"worker sees: {worker.ToJsonString()}");
                Console.Out.WriteLine($"self-test answer: {probe.Verdict}");
            }
            await sandbox.DisposeAsync();
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct) =>
        File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new R1GymException($"File '{path}' was not found.");

    private static JsonObject ParseObject(string text, string where)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new R1GymException($"{where}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new R1GymException($"{where}: not valid JSON ({e.Message}).");
        }
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..57] + "...";
}
