using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Sandbox;
using R1Gym.Sandbox.Bench;

namespace R1Gym.Service.Bench;

/// <summary>Figures of <c>bench serve</c>: answers/s through HTTP against in-process <c>sandbox batch</c>, same sandbox, same run.</summary>
public sealed record ServiceBenchmarkResult(
    int Answers, int Clients, int Rounds, int PoolSize, int Concurrency, double HttpAnswersPerSecond, double P50Ms, double P99Ms,
    double InProcessAnswersPerSecond, int VerdictMismatches, int HttpErrors)
{
    /// <summary>HTTP throughput as a fraction of in-process throughput (target: at least 0.85).</summary>
    public double Ratio => InProcessAnswersPerSecond == 0 ? 0 : HttpAnswersPerSecond / InProcessAnswersPerSecond;
}

/// <summary>
/// <c>bench serve</c>: the standard sandbox workload (<see cref="BenchmarkWorkload"/>) posted to <c>/v1/sandbox/run</c> by
/// <c>clients</c> concurrent HTTP clients, against the same answers run in process the way <c>sandbox batch</c> runs them
/// (twice the pool in flight), through the started app's own sandbox. Rounds alternate the two; each figure is its best
/// round. Every round's sources are tagged apart, so no answer is ever a compile-cache hit.
/// </summary>
public static class ServiceBenchmark
{
    private const int WarmUpAnswers = 300;

    public static async Task<ServiceBenchmarkResult> RunAsync(WebApplication app, string baseUrl, int answers, int clients, int rounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentOutOfRangeException.ThrowIfLessThan(answers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var sandbox = app.Services.GetRequiredService<CodeSandbox>();
        var gate = app.Services.GetRequiredService<Core.ItemGate>();
        await sandbox.StartAsync(ct).ConfigureAwait(false);
        var workload = BenchmarkWorkload.Create(answers);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromMinutes(5),
        };

        // Warm-up outside the clock: Roslyn's and Kestrel's code paths reach tier-1 JIT before anything is timed.
        var warm = BenchmarkWorkload.Create(WarmUpAnswers).Where(a => a.ExpectedVerdict != Verdicts.TimeLimit).ToList();
        await InProcessAsync(sandbox, warm.Take(warm.Count / 2).ToList(), "// warm in-process", ct).ConfigureAwait(false);
        await OverHttpAsync(http, warm.Skip(warm.Count / 2).ToList(), "// warm http", clients, ct).ConfigureAwait(false);

        double bestInProcess = 0, bestHttp = 0;
        (double P50, double P99) latency = default;
        int mismatches = 0, errors = 0;
        for (int round = 0; round < rounds; round++)
        {
            var (inRate, inMismatches) = await InProcessAsync(sandbox, workload, $"\n// in-process round {round}", ct).ConfigureAwait(false);
            var (httpRate, httpMismatches, httpErrors, p50, p99) = await OverHttpAsync(http, workload, $"\n// http round {round}", clients, ct).ConfigureAwait(false);
            bestInProcess = Math.Max(bestInProcess, inRate);
            if (httpRate > bestHttp)
                (bestHttp, latency) = (httpRate, (p50, p99));
            mismatches += inMismatches + httpMismatches;
            errors += httpErrors;
        }
        return new ServiceBenchmarkResult(answers, clients, rounds, sandbox.Options.EffectivePoolSize, gate.Concurrency, bestHttp, latency.P50, latency.P99,
            bestInProcess, mismatches, errors);
    }

    private static async Task<(double Rate, int Mismatches)> InProcessAsync(CodeSandbox sandbox, IReadOnlyList<BenchmarkAnswer> answers, string tag, CancellationToken ct)
    {
        int mismatches = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(answers, new ParallelOptions { MaxDegreeOfParallelism = sandbox.Options.EffectivePoolSize * 2, CancellationToken = ct }, async (a, token) =>
        {
            var result = await sandbox.RunAsync(a.Code + tag, a.Tests, token).ConfigureAwait(false);
            if (result.Verdict != a.ExpectedVerdict)
                Interlocked.Increment(ref mismatches);
        }).ConfigureAwait(false);
        return (answers.Count / clock.Elapsed.TotalSeconds, mismatches);
    }

    private static async Task<(double Rate, int Mismatches, int Errors, double P50, double P99)> OverHttpAsync(
        HttpClient http, IReadOnlyList<BenchmarkAnswer> answers, string tag, int clients, CancellationToken ct)
    {
        var latencies = new double[answers.Count];
        int next = -1, mismatches = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < answers.Count; i = Interlocked.Increment(ref next))
            {
                var body = new JsonObject { ["code"] = answers[i].Code + tag, ["tests"] = answers[i].Tests.DeepClone() }.ToJsonString();
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                using var response = await http.PostAsync("v1/sandbox/run", content, ct).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref errors);
                else if ((string?)JsonNode.Parse(text)?["verdict"] != answers[i].ExpectedVerdict)
                    Interlocked.Increment(ref mismatches);
            }
        })).ConfigureAwait(false);
        double rate = answers.Count / clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (rate, mismatches, errors, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Round(q * (sorted.Length - 1))];
}
