using Microsoft.Extensions.Options;

namespace R1Gym.Sandbox.Tests;

/// <summary>Answers that try to take the supervisor or the pool down with them.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SupervisorCrashTests(SandboxFixture fixture)
{
    [Fact]
    public async Task A_crash_storm_of_concurrent_answers_leaves_the_pool_working()
    {
        var crashers = new[]
        {
            "public class Solution { public int Solve(int a, int b) => Solve(a, b) + 1; }",
            "public class Solution { public int Solve(int a, int b) { Environment.FailFast(\"x\"); return 0; } }",
            "public class Solution { public int Solve(int a, int b) { Environment.Exit(3); return 0; } }",
        };

        var results = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => fixture.Unlinted.RunAsync(crashers[i % 3] + $"// {i}", SandboxFixture.AdderTests)));

        results.Should().OnlyContain(r => r.Verdict == Verdicts.RuntimeError && r.Passed == 0);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task Results_that_cannot_be_serialised_are_a_runtime_error()
    {
        var cyclic = "public class Node { public Node Next; } public class Solution { public Node Solve(int a, int b) { var n = new Node(); n.Next = n; return n; } }";

        var result = await fixture.Sandbox.RunAsync(cyclic, SandboxFixture.AdderTests);

        result.Verdict.Should().Be(Verdicts.RuntimeError);
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task A_finalizer_that_kills_the_process_after_the_run_does_not_change_the_verdict_or_the_next_answer()
    {
        var code = "public class Bomb { ~Bomb() { Environment.FailFast(\"late\"); } } public class Solution { public int Solve(int a, int b) { new Bomb(); return a + b; } }";

        var result = await fixture.Unlinted.RunAsync(code, SandboxFixture.AdderTests);

        result.Passed.Should().Be(3, "its values were all correct before the finalizer ran");
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Unlinted);
    }

    [Fact]
    public async Task A_hostile_answer_does_not_block_the_others()
    {
        using var stop = new CancellationTokenSource();
        var looping = fixture.Sandbox.RunAsync("public class Solution { public int Solve(int a, int b) { while (true) { } } }", SandboxFixture.Function(30_000, ([1, 2], 3)), stop.Token);

        var honest = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => fixture.Sandbox.RunAsync(SandboxFixture.Adder + $"// {i}", SandboxFixture.AdderTests)));

        honest.Should().OnlyContain(r => r.Verdict == Verdicts.Accepted);
        looping.IsCompleted.Should().BeFalse("the honest answers were judged on the other worker while the loop ran");
        stop.Cancel();
        await looping.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        await SandboxFixture.NextAnswerIsJudgedCorrectly(fixture.Sandbox);
    }

    [Fact]
    public async Task A_disposed_sandbox_leaves_no_worker_process_behind()
    {
        // The shared pools replace workers in the background after earlier tests' crashes: let them finish first.
        await Task.WhenAll(fixture.Sandbox.SettledAsync(), fixture.Unlinted.SettledAsync());
        var before = WorkerPids();
        var sandbox = new CodeSandbox(Options.Create(new SandboxOptions { PoolSize = 2 }));
        var looping = sandbox.RunAsync("public class Solution { public int Solve(int a, int b) { while (true) { } } }", SandboxFixture.Function(300, ([1, 2], 3)));
        var bomb = sandbox.RunAsync(SandboxFixture.Adder, SandboxFixture.AdderTests);
        await Task.WhenAll(looping, bomb);
        WorkerPids().Except(before).Should().NotBeEmpty("the sandbox had workers running");

        await sandbox.DisposeAsync();

        WorkerPids().Except(before).Should().BeEmpty();
    }

    private static HashSet<int> WorkerPids() =>
        Directory.GetDirectories("/proc").Select(d => (Dir: d, Pid: int.TryParse(Path.GetFileName(d), out int p) ? p : -1)).Where(x => x.Pid > 0)
            .Where(x =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(x.Dir, "cmdline")).Contains("R1Gym.Sandbox.Worker.dll");
                }
                catch (Exception)
                {
                    return false;
                }
            }).Select(x => x.Pid).ToHashSet();
}
