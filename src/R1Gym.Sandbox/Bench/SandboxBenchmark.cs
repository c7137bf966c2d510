using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using R1Gym.Sandbox.Compiler;
using R1Gym.Sandbox.Judging;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Bench;

/// <summary>Figures of one benchmark run, with the JSON names.</summary>
public sealed record SandboxBenchmarkResult(
    int Answers, double AnswersPerSecond, double CeilingAnswersPerSecond, int FreshProcessAnswers, double FreshProcessAnswersPerSecond,
    double FractionOfCeiling, int VerdictMismatches, int Cores, int PoolSize, bool Isolated, int WorkersStarted)
{
    /// <summary>Up to ten mismatches as "answer N: expected X, got Y (why)", so a mismatch can be traced to its answer.</summary>
    public IReadOnlyList<string> Mismatched { get; init; } = [];

    /// <summary>Rounds measured; the figures are each measurement's best round, mismatches are summed over all.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Where answers were compiled, for both the sandboxed run and the ceiling (see <see cref="CodeSandbox.CompilesIn"/>).</summary>
    public string CompilesIn { get; init; } = "";

    /// <summary>Where the sandboxed run's time went (means per answer, milliseconds).</summary>
    public SandboxBenchmarkBreakdown? Breakdown { get; init; }
}

/// <summary>
/// Means over the sandboxed run. Compile: on a compile thread, per answer. Round trip: supervisor-side, from renting a
/// worker to the verdict, for answers that ran and did not time out; worker run and clean-up are the worker's own
/// clocks inside that. Timeouts: how many, and their mean round trip (the time limit itself is most of it).
/// </summary>
public sealed record SandboxBenchmarkBreakdown(double CompileMs, double RoundTripMs, double WorkerRunMs, double WorkerCleanupMs, int Timeouts, double TimeoutRoundTripMs);

/// <summary>
/// <c>bench sandbox</c>: verified answers per second on <see cref="BenchmarkWorkload"/>, with full isolation, against
/// (a) the in-process, unsandboxed compile-and-run ceiling and (b) a fresh isolated process per answer, in one run.
/// The ceiling cannot stop a looping answer, so a timeout there is charged its time limit on one core (the least any
/// runner could spend) instead of being run.
/// </summary>
public static class SandboxBenchmark
{
    /// <summary>Answers run through the sandbox before anything is timed (see the warm-up in <see cref="RunAsync"/>).</summary>
    private const int WarmUpAnswers = 300;

    /// <param name="options">Sandbox options for the isolated run.</param>
    /// <param name="answers">Answers in the workload.</param>
    /// <param name="freshAnswers">Answers for the fresh-process baseline (its first ones).</param>
    /// <param name="ct">Cancels the benchmark.</param>
    /// <param name="rounds">
    /// Rounds of (sandboxed, ceiling), back to back; the best round of each is reported. On a shared machine this keeps a
    /// burst of someone else's load from deciding the figures, and alternating keeps both measured under the same load.
    /// Each round's answers differ (a round tag), so no round hits the compile cache of an earlier one.
    /// </param>
    public static async Task<SandboxBenchmarkResult> RunAsync(SandboxOptions options, int answers, int freshAnswers, CancellationToken ct, int rounds = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var workload = BenchmarkWorkload.Create(answers);
        int cores = Environment.ProcessorCount;

        await using var sandbox = new CodeSandbox(Options.Create(options));
        var report = await sandbox.StartAsync(ct).ConfigureAwait(false);
        // Warm-up outside the clock, for both measurements (they share the process): Roslyn ships as IL, so its first few
        // hundred compiles run partly on unoptimised code while the tiered JIT recompiles it in the background, and
        // whichever measurement ran first used to pay that. Timeouts are left out: they only exercise worker replacement.
        await Parallel.ForEachAsync(BenchmarkWorkload.Create(WarmUpAnswers).Where(a => a.ExpectedVerdict != Verdicts.TimeLimit),
            new ParallelOptions { MaxDegreeOfParallelism = options.EffectivePoolSize * 2, CancellationToken = ct },
            async (warm, token) => await sandbox.RunAsync(warm.Code + "// warm", warm.Tests, token).ConfigureAwait(false)).ConfigureAwait(false);

        (double Rate, SandboxResult[] Results, int Started) best = (0, [], 0);
        double ceiling = 0;
        var mismatched = new List<string>();
        for (int round = 0; round < rounds; round++)
        {
            string tag = round == 0 ? "" : $"\n// round {round}";
            int startedBefore = sandbox.WorkersStarted;
            var results = new SandboxResult[workload.Count];
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, workload.Count), new ParallelOptions { MaxDegreeOfParallelism = options.EffectivePoolSize * 2, CancellationToken = ct },
                async (i, token) => results[i] = await sandbox.RunAsync(workload[i].Code + tag, workload[i].Tests, token).ConfigureAwait(false)).ConfigureAwait(false);
            double rate = answers / clock.Elapsed.TotalSeconds;
            if (rate > best.Rate)
                best = (rate, results, sandbox.WorkersStarted - startedBefore);
            mismatched.AddRange(Enumerable.Range(0, workload.Count).Where(i => results[i].Verdict != workload[i].ExpectedVerdict)
                .Select(i => $"answer {i}: expected {workload[i].ExpectedVerdict}, got {results[i].Verdict} ({results[i].Diagnostics ?? results[i].Tests.FirstOrDefault(t => t.Message is not null)?.Message})"));
            ceiling = Math.Max(ceiling, await CeilingAsync(sandbox.Compiler, options, workload, tag, cores, ct).ConfigureAwait(false));
        }

        var fresh = workload.Take(freshAnswers).ToList();
        double freshRate = report.Problem is null || report.Unsandboxed ? await FreshProcessAsync(sandbox.Compiler, options, report, fresh, cores, ct).ConfigureAwait(false) : 0;
        return new SandboxBenchmarkResult(answers, best.Rate, ceiling, fresh.Count, freshRate, ceiling == 0 ? 0 : best.Rate / ceiling,
            mismatched.Count, cores, options.EffectivePoolSize, report.Namespaces, best.Started)
        {
            Mismatched = mismatched.Take(10).ToList(),
            Breakdown = Breakdown(best.Results),
            Rounds = rounds,
            CompilesIn = sandbox.CompilesIn,
        };
    }

    private static SandboxBenchmarkBreakdown Breakdown(IReadOnlyList<SandboxResult> results)
    {
        var compiled = results.Where(r => r.CompileMs > 0).ToList();
        var ran = results.Where(r => r.Tests.Count > 0 && r.Verdict != Verdicts.TimeLimit).ToList();
        var timeouts = results.Where(r => r.Verdict == Verdicts.TimeLimit).ToList();
        static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(0).Average();
        return new SandboxBenchmarkBreakdown(Mean(compiled.Select(r => r.CompileMs)), Mean(ran.Select(r => r.RunMs)),
            Mean(ran.Select(r => r.WorkerTimes.RunMs)), Mean(ran.Select(r => r.WorkerTimes.HygieneMs)), timeouts.Count, Mean(timeouts.Select(r => r.RunMs)));
    }

    /// <summary>Compiles with the sandbox's own compile step (its sources are tagged apart, so its cache never answers).</summary>
    private static async Task<double> CeilingAsync(CompileStep compiler, SandboxOptions options, IReadOnlyList<BenchmarkAnswer> workload, string tag, int cores, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(workload, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, async (a, token) =>
        {
            var spec = TestSpec.Parse(a.Tests, options);
            var compiled = await compiler.CompileAsync(a.Code + tag + "\n// ceiling", spec, token).ConfigureAwait(false);
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

    private static readonly JsonSerializerOptions CeilingJson = new();

    private static void RunInProcess(CompileOutcome compiled, TestSpec spec)
    {
        var context = new AssemblyLoadContext("ceiling", isCollectible: true);
        try
        {
            var type = context.LoadFromStream(new MemoryStream(compiled.Assembly!)).GetType(compiled.TypeName!, true)!;
            var method = type.GetMethod(compiled.MethodName!)!;
            // Like the worker: serializer metadata for framework types is cached across answers (a fresh options
            // instance per answer would rebuild it each time and make the ceiling look lower than it is). The workload's
            // signatures use framework types only, so the cache never holds an answer's load context.
            var json = CeilingJson;
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

    private static async Task<double> FreshProcessAsync(CompileStep compiler, SandboxOptions options, IsolationReport report, IReadOnlyList<BenchmarkAnswer> answers, int cores, CancellationToken ct)
    {
        var fresh = new SandboxOptions { PoolSize = 1, RunsPerWorker = 1, MemoryLimitMb = options.MemoryLimitMb, CheckBannedApis = options.CheckBannedApis };
        await using var pool = new WorkerPool(LaunchPlan.For(fresh, report), fresh, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
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
                await worker.RunAsync(CodeSandbox.RunRequest(compiled, spec, fresh), CodeSandbox.Deadlines(spec, fresh), token).ConfigureAwait(false);
            }
            finally
            {
                await pool.RetireAsync(worker).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return answers.Count / clock.Elapsed.TotalSeconds;
    }
}
