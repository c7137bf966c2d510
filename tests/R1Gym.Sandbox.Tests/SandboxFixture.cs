using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// One warm sandbox shared by every test (starting workers costs a fraction of a second each), plus a second one with
/// the banned-API lint switched off, so hostile programs reach the OS-level layers and prove those hold on their own.
/// The first compiles in the compiler process, as a host's sandbox does; the second in the test process, which starts
/// sooner (the compile step's two homes are compared in <see cref="CompilerProcessTests"/>).
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public CodeSandbox Sandbox { get; } = Create(lint: true);

    public CodeSandbox Unlinted { get; } = Create(lint: false);

    public static readonly string Secret = "R1GYM_TEST_SECRET_" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("R1GYM_TEST_SECRET", Secret);
        await Task.WhenAll(Sandbox.StartAsync(), Unlinted.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        await Unlinted.DisposeAsync();
    }

    private static CodeSandbox Create(bool lint) => new(Options.Create(new SandboxOptions
    {
        PoolSize = 2,
        CheckBannedApis = lint,
        MemoryLimitMb = 128,
        MaxOutputChars = 64 * 1024,
        RunsPerWorker = 500,
        CompileInProcess = !lint,
    }));

    /// <summary>Function-mode spec for Solution.Solve.</summary>
    public static JsonObject Function(int timeLimitMs, params (JsonNode?[] Args, JsonNode? Expected)[] tests) => new()
    {
        ["entryPoint"] = "Solution.Solve",
        ["timeLimitMs"] = timeLimitMs,
        ["tests"] = new JsonArray(tests.Select(t => (JsonNode)new JsonObject { ["args"] = new JsonArray(t.Args.Select(a => a?.DeepClone()).ToArray()), ["expected"] = t.Expected?.DeepClone() }).ToArray()),
    };

    public static JsonObject Stdio(int timeLimitMs, params (string In, string Out)[] tests) => new()
    {
        ["mode"] = "stdio",
        ["timeLimitMs"] = timeLimitMs,
        ["tests"] = new JsonArray(tests.Select(t => (JsonNode)new JsonObject { ["stdin"] = t.In, ["stdout"] = t.Out }).ToArray()),
    };

    /// <summary>An honest answer: after any hostile one, the same pool must still judge this correctly.</summary>
    public const string Adder = "public class Solution { public int Solve(int a, int b) => a + b; }";

    public static JsonObject AdderTests => Function(10000, ([2, 3], 5), ([-1, 1], 0), ([100, 200], 300));

    /// <summary>A function-mode answer whose body tries something and returns "escaped" if it worked, "blocked ..." otherwise.</summary>
    public static string Probe(string attempt, string usings = "") =>
        usings + "\npublic class Solution { public string Solve() { try { " + attempt + " return \"escaped\"; } catch (Exception e) { return \"blocked \" + e.GetType().Name; } } }";

    public static JsonObject ProbeTests => Function(3000, ([], "escaped"));

    /// <summary>Runs the honest adder on <paramref name="sandbox"/>: after any hostile answer, the same pool must still judge correctly.</summary>
    public static async Task NextAnswerIsJudgedCorrectly(CodeSandbox sandbox)
    {
        var good = await sandbox.RunAsync(Adder, AdderTests);
        good.Verdict.Should().Be(Verdicts.Accepted, "the pool must recover after a hostile answer: {0}", good.Diagnostics);
        good.Passed.Should().Be(3);
        var bad = await sandbox.RunAsync(Adder.Replace("a + b", "a + b + (a > 50 ? 1 : 0)"), AdderTests);
        bad.Verdict.Should().Be(Verdicts.WrongAnswer);
        bad.Passed.Should().Be(2);
    }

    /// <summary>Every process whose command line mentions the worker (there must be none left after the pool is gone).</summary>
    public static int WorkerProcessesAlive() =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains("R1Gym.Sandbox.Worker.dll");
            }
            catch (Exception)
            {
                return false;
            }
        });
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
