using Microsoft.Extensions.Options;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// Verdicts do not depend on how busy the machine is: every test here runs while busy loops saturate every core
/// (four per core, each in its own session, so an answer gets at most about a fifth of a core).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class LoadIndependenceTests(SandboxFixture fixture)
{
    /// <summary>Spins until the process has used <paramref name="cpuMs"/> of CPU time, however long that takes on the wall clock.</summary>
    private static string UsesCpu(int cpuMs) =>
        "public class Solution { public int Solve(int a, int b) { var start = System.Environment.CpuUsage.TotalTime; " +
        $"while ((System.Environment.CpuUsage.TotalTime - start).TotalMilliseconds < {cpuMs}) {{ }} return a + b; }} }}";

    [Fact]
    public async Task A_correct_answer_that_outlasts_its_wall_clock_window_on_a_saturated_machine_is_accepted()
    {
        // The wall-clock window equals the time limit here (WallLimitFactor 1), and the answer needs a third of its CPU
        // limit: on a saturated machine that takes longer than the window, so only the progress rule keeps it alive.
        await using var sandbox = Dedicated(wallLimitFactor: 1);
        await sandbox.StartAsync();
        using var contention = new CpuContention(perCore: 4);

        var result = await sandbox.RunAsync(UsesCpu(500), SandboxFixture.Function(1500, ([1, 2], 3)));

        result.Verdict.Should().Be(Verdicts.Accepted, "the answer kept using CPU, only slowly: {0}", result.Tests[0].Message);
        result.Tests[0].TimeMs.Should().BeGreaterThan(1500, "the busy loops ({0} of CPU) slowed the answer past its wall-clock window", contention.CpuUsed);
    }

    [Fact]
    public async Task An_answer_that_waits_on_a_saturated_machine_still_gets_time_limit_at_its_wall_clock_window()
    {
        await using var sandbox = Dedicated(wallLimitFactor: 2);
        await sandbox.StartAsync();
        using var contention = new CpuContention(perCore: 4);

        var result = await sandbox.RunAsync("public class Solution { public int Solve(int a, int b) { System.Threading.Thread.Sleep(600_000); return a + b; } }",
            SandboxFixture.Function(300, ([1, 2], 3)));

        result.Verdict.Should().Be(Verdicts.TimeLimit);
        result.Tests[0].Message.Should().Contain("600 ms of wall-clock time without using CPU");
    }

    [Theory]
    [InlineData("large arrays kept alive", "var keep = new List<long[]>(); while (true) keep.Add(new long[1 << 20]);")]
    [InlineData("one huge array", "var big = new byte[int.MaxValue - 100]; big[5] = 1;")]
    [InlineData("string doubling", "var s = \"x\"; var keep = new List<string>(); while (true) { s += s; keep.Add(s); }")]
    [InlineData("small objects kept alive", "var keep = new List<object>(); while (true) keep.Add(new int[64]);")]
    public async Task A_memory_bomb_on_a_saturated_machine_gets_memory_limit(string name, string body)
    {
        var code = "public class Solution { public int Solve(int a, int b) { " + body + " return a + b; } }";
        using var contention = new CpuContention(perCore: 4);

        var result = await fixture.Sandbox.RunAsync(code, SandboxFixture.Function(3000, ([1, 2], 3)));

        result.Verdict.Should().Be(Verdicts.MemoryLimit, name + ": " + (result.Diagnostics ?? result.Tests[0].Message));
    }

    [Fact]
    public async Task Correct_and_wrong_answers_on_a_saturated_machine_get_their_verdicts()
    {
        var workload = Bench.BenchmarkWorkload.Create(60).Where(a => a.ExpectedVerdict is Verdicts.Accepted or Verdicts.WrongAnswer).ToList();
        using var contention = new CpuContention(perCore: 4);

        var results = await Task.WhenAll(workload.Select(a => fixture.Sandbox.RunAsync(a.Code + "// saturated", a.Tests)));

        Enumerable.Range(0, workload.Count).Where(i => results[i].Verdict != workload[i].ExpectedVerdict)
            .Select(i => $"answer {i}: expected {workload[i].ExpectedVerdict}, got {results[i].Verdict} ({results[i].Diagnostics ?? results[i].Tests.FirstOrDefault(t => t.Message is not null)?.Message})")
            .Should().BeEmpty();
    }

    /// <summary>A one-worker sandbox of its own (compiling in this process), for limits the shared fixture does not use.</summary>
    private static CodeSandbox Dedicated(int wallLimitFactor) => new(Options.Create(new SandboxOptions
    {
        PoolSize = 1,
        SpareWorkers = 0,
        CheckBannedApis = false,
        CompileInProcess = true,
        MemoryLimitMb = 128,
        WallLimitFactor = wallLimitFactor,
    }));
}
