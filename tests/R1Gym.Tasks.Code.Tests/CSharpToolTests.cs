using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Tasks.Code.Tests;

[Collection(SandboxCollection.Name)]
public sealed class CSharpToolTests(SandboxFixture sandbox)
{
    private static ToolCallArgs Args(string code, string? stdin = null) =>
        new(new JsonObject { ["code"] = code, ["stdin"] = stdin }, new ToolLimits { CpuTimeMs = 1000 });

    [Fact]
    public async Task The_csharp_tool_runs_a_program_in_the_sandbox_and_returns_what_it_printed()
    {
        var tool = new CSharpTool(sandbox.Runner);

        var result = await tool.CallAsync(Args("var n = int.Parse(System.Console.ReadLine()!); System.Console.WriteLine(n * n);", "12"));

        result.IsError.Should().BeFalse(result.Output);
        result.Output.Should().Be("verdict: ok\nstdout:\n144");
    }

    [Fact]
    public async Task A_program_that_loops_forever_ends_with_the_time_limit_verdict_and_keeps_no_state()
    {
        var tool = new CSharpTool(sandbox.Runner);

        var loop = await tool.CallAsync(Args("while (true) { }"));
        var compileError = await tool.CallAsync(Args("this is not C#"));

        loop.IsError.Should().BeTrue();
        loop.Output.Should().StartWith("verdict: time_limit");
        compileError.Output.Should().StartWith("verdict: compile_error");
    }

    [Fact]
    public void The_gym_registers_the_csharp_tool()
    {
        sandbox.Registry.Tools.Should().Contain("csharp");
        sandbox.Registry.CreateTool("csharp").Spec.Name.Should().Be("csharp");
    }
}
