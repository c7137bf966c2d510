using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Sandbox.Compiler;
using R1Gym.Sandbox.Protocol;
using R1Gym.Sandbox.Supervisor;

namespace R1Gym.Sandbox.Tests;

/// <summary>The compile step's own process: answers get the same verdicts as in-process, and its death costs no verdict.</summary>
[Collection(SandboxCollection.Name)]
public sealed class CompilerProcessTests
{
    private static readonly SandboxOptions Options = new() { CompileCacheEntries = 0 };

    private static TestSpec Adder => TestSpec.Parse(SandboxFixture.AdderTests, Options);

    private static string Answer(int i, bool correct = true) =>
        $"public class Solution {{ public int Solve(int a, int b) => a + b{(correct ? "" : " + 1")}; /* {i} */ }}";

    [Fact]
    public async Task Compiles_run_in_the_compiler_process_and_match_compiling_in_this_one()
    {
        await using var process = new CompileStep(Options, NullLogger.Instance);
        await using var local = new CompileStep(new SandboxOptions { CompileCacheEntries = 0, CompileInProcess = true }, NullLogger.Instance);
        await Task.WhenAll(process.StartAsync(default), local.StartAsync(default));
        string[] sources = [Answer(0), "public class Solution { public int Solve(int a, int b) { return a + ; } }",
            "public class Solution { public int Solve(int a, int b) { System.IO.File.Delete(\"/x\"); return a; } }", "public class Other { }"];

        var remote = await Task.WhenAll(sources.Select(s => process.CompileAsync(s, Adder, default)));
        var here = await Task.WhenAll(sources.Select(s => local.CompileAsync(s, Adder, default)));

        process.Where.Should().Be("compiler process");
        local.Where.Should().Be("this process");
        remote.Select(r => r.Verdict).Should().Equal(null, Verdicts.CompileError, Verdicts.PolicyViolation, Verdicts.CompileError);
        remote.Select(r => (r.Verdict, r.Diagnostics, r.TypeName, r.MethodName)).Should().Equal(here.Select(r => (r.Verdict, r.Diagnostics, r.TypeName, r.MethodName)));
        remote[0].Assembly.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_compiler_process_killed_while_idle_is_replaced_on_the_next_answer()
    {
        await using var step = new CompileStep(Options, NullLogger.Instance);
        await step.StartAsync(default);
        int pid = step.Process!.ProcessId!.Value;

        using (var compiler = Process.GetProcessById(pid))
        {
            compiler.Kill();
            await compiler.WaitForExitAsync();
        }
        var outcome = await step.CompileAsync(Answer(1), Adder, default);

        outcome.Verdict.Should().BeNull(outcome.Diagnostics);
        step.ProcessStarts.Should().Be(2);
        step.Process.ProcessId.Should().NotBe(pid);
    }

    [Fact]
    public async Task Disposing_the_sandbox_stops_its_compiler_process()
    {
        var sandbox = new CodeSandbox(Microsoft.Extensions.Options.Options.Create(new SandboxOptions { PoolSize = 1, SpareWorkers = 0 }));
        await sandbox.StartAsync();
        int pid = sandbox.Compiler.Process!.ProcessId!.Value;

        await sandbox.DisposeAsync();

        Directory.Exists($"/proc/{pid}").Should().BeFalse("the compiler process is killed and reaped with its sandbox");
    }

    [Fact]
    public async Task Answers_in_flight_when_the_compiler_process_dies_still_get_their_own_verdicts()
    {
        await using var step = new CompileStep(Options, NullLogger.Instance);
        await step.StartAsync(default);
        int pid = step.Process!.ProcessId!.Value;

        // Far more than the compiler's threads can take at once, so most are queued inside it when it dies.
        var compiles = Enumerable.Range(0, 40).Select(i => step.CompileAsync(Answer(i, correct: i % 3 != 0) + (i % 4 == 0 ? " broken(" : ""), Adder, default)).ToList();
        Process.GetProcessById(pid).Kill();
        var outcomes = await Task.WhenAll(compiles);

        outcomes.Select(o => o.Verdict).Should().Equal(Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? Verdicts.CompileError : null));
        outcomes.Should().NotContain(o => o.Diagnostics != null && o.Diagnostics.Contains("crashed"));
        step.ProcessStarts.Should().BeGreaterThan(1);
    }
}
