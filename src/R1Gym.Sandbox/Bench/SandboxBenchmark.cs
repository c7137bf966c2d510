using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using R1Gym.Sandbox.Compilation;
using R1Gym.Sandbox.Isolation;
using R1Gym.Sandbox.Judging;
using R1Gym.Sandbox.Workers;

namespace R1Gym.Sandbox.Bench;

/// <summary>Figures of one benchmark run, with the JSON names.</summary>
public sealed record SandboxBenchmarkResult(
    int Answers, double AnswersPerSecond, double CeilingAnswersPerSecond, int FreshProcessAnswers, double FreshProcessAnswersPerSecond,
    double FractionOfCeiling, int VerdictMismatches, int Cores, int PoolSize, bool Isolated, int WorkersStarted);

/// <summary>
/// <c>bench sandbox</c>: verified answers per second on <see cref="BenchmarkWorkload"/>, with full isolation, against
/// (a) the in-process, unsandboxed compile-and-run ceiling and (b) a fresh isolated process per answer, in one run.
/// The ceiling cannot stop a looping answer, so a timeout there is charged its time limit on one core (the least any
/// runner could spend) instead of being run.
/// </summary>
public static class SandboxBenchmark
{
    public static async Task<SandboxBenchmarkResult> RunAsync(SandboxOptions options, int answers, int freshAnswers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var workload = BenchmarkWorkload.Create(answers);
        int cores = Environment.ProcessorCount;

        await using var sandbox = new CodeSandbox(Options.Create(options));
        var report = await sandbox.StartAsync(ct).ConfigureAwait(false);
        // Warm-up outside the clock: JIT of the supervisor paths and of every worker.
        foreach (var warm in BenchmarkWorkload.Create(options.EffectivePoolSize * 2))
            await sandbox.RunAsync(warm.Code + "// warm", warm.Tests, ct).ConfigureAwait(false);

        int mismatches = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(workload, new ParallelOptions { MaxDegreeOfParallelism = options.EffectivePoolSize * 2, CancellationToken = ct }, async (a, token) =>
        {
            var result = await sandbox.RunAsync(a.Code, a.Tests, token).ConfigureAwait(false);
            if (result.Verdict != a.ExpectedVerdict)
                Interlocked.Increment(ref mismatches);
        }).ConfigureAwait(false);
        double isolated = answers / clock.Elapsed.TotalSeconds;
        int workersStarted = sandbox.WorkersStarted;

        double ceiling = await CeilingAsync(options, workload, cores, ct).ConfigureAwait(false);
        var fresh = workload.Take(freshAnswers).ToList();
        double freshRate = report.Problem is null || report.Unsandboxed ? await FreshProcessAsync(options, report, fresh, cores, ct).ConfigureAwait(false) : 0;
        return new SandboxBenchmarkResult(answers, isolated, ceiling, fresh.Count, freshRate, ceiling == 0 ? 0 : isolated / ceiling,
            mismatches, cores, options.EffectivePoolSize, report.Namespaces, workersStarted);
    }

    private static async Task<double> CeilingAsync(SandboxOptions options, IReadOnlyList<BenchmarkAnswer> workload, int cores, CancellationToken ct)
    {
        var compiler = new AnswerCompiler(new SandboxOptions { CheckBannedApis = options.CheckBannedApis, CompileCacheEntries = 0 });
        await compiler.WarmUpAsync(ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(workload, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, async (a, token) =>
        {
            var spec = TestSpec.Parse(a.Tests, options);
            var compiled = await compiler.CompileAsync(a.Code, spec, token).ConfigureAwait(false);
            if (compiled.Verdict is not null)
                return;
            if (a.ExpectedVerdict == Verdicts.TimeLimit)
            {
                await Task.Delay(spec.TimeLimitMs, token).ConfigureAwait(false);
                return;
            }
            RunInProcess(compiled, spec);
        }).ConfigureAwait(false);
        return workload.Count / clock.Elapsed.TotalSeconds;
    }

    private static void RunInProcess(CompileOutcome compiled, TestSpec spec)
    {
        var context = new AssemblyLoadContext("ceiling", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(new MemoryStream(compiled.Assembly!)).GetType(compiled.TypeName!, true)!;
            var method = type.GetMethod(compiled.MethodName!)!;
            var json = new JsonSerializerOptions();
            foreach (var test in spec.Tests)
            {
                try
                {
                    var parameters = method.GetParameters();
                    var args = parameters.Select((p, i) => test.Args![i].Deserialize(p.ParameterType, json)).ToArray();
                    object? result = method.Invoke(method.IsStatic ? null : Activator.CreateInstance(type), args);
                    var node = result is null ? null : JsonSerializer.SerializeToNode(result, result.GetType(), json);
                    _ = OutputComparer.JsonEquals(test.Expected, node, spec.FloatTolerance);
                }
                catch (TargetInvocationException)
                {
                    // A runtime error is a verdict, not a benchmark failure.
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<double> FreshProcessAsync(SandboxOptions options, IsolationReport report, IReadOnlyList<BenchmarkAnswer> answers, int cores, CancellationToken ct)
    {
        var fresh = new SandboxOptions { PoolSize = 1, RunsPerWorker = 1, MemoryLimitMb = options.MemoryLimitMb, CheckBannedApis = options.CheckBannedApis };
        await using var pool = new WorkerPool(new LaunchPlan(fresh, report.Namespaces, report.CgroupVersion), fresh, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var compiler = new AnswerCompiler(new SandboxOptions { CompileCacheEntries = 0 });
        await compiler.WarmUpAsync(ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(answers, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, async (a, token) =>
        {
            var spec = TestSpec.Parse(a.Tests, options);
            var compiled = await compiler.CompileAsync(a.Code + "// fresh", spec, token).ConfigureAwait(false);
            if (compiled.Verdict is not null)
                return;
            var worker = await pool.StartAsync(token).ConfigureAwait(false);
            try
            {
                var request = new JsonObject
                {
                    ["type"] = "run", ["mode"] = "function", ["assembly"] = Convert.ToBase64String(compiled.Assembly!),
                    ["typeName"] = compiled.TypeName, ["methodName"] = compiled.MethodName, ["memoryLimitMb"] = spec.MemoryLimitMb,
                    ["tests"] = new JsonArray(spec.Tests.Select(t => (JsonNode)new JsonObject { ["args"] = t.Args!.DeepClone() }).ToArray()),
                };
                await worker.RunAsync(request, spec.Tests.Select(_ => spec.TimeLimitMs + 1000).ToList(), token).ConfigureAwait(false);
            }
            finally
            {
                await pool.RetireAsync(worker).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return answers.Count / clock.Elapsed.TotalSeconds;
    }
}
