using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Tasks.Code.Tests;

/// <summary>Without a working sandbox the verifier still answers: 0 and the reason, never an exception.</summary>
public sealed class NoSandboxTests
{
    private const string Hello = "<think>x</think>\n```csharp\npublic static class Solution { public static string Hello() => \"Hello, World!\"; }\n```";

    private sealed class Services(object? runner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ICodeRunner) ? runner : null;
    }

    private sealed class ThrowingRunner : ICodeRunner
    {
        public ValueTask<CodeRunResult> RunAsync(CodeRunRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("worker pool is gone");
    }

    private sealed class RecordingRunner : ICodeRunner
    {
        public List<JsonObject> Specs { get; } = [];

        public ValueTask<CodeRunResult> RunAsync(CodeRunRequest request, CancellationToken cancellationToken = default)
        {
            Specs.Add(request.Tests);
            return ValueTask.FromResult(new CodeRunResult("accepted", request.Tests["tests"]!.AsArray().Count, request.Tests["tests"]!.AsArray().Count));
        }
    }

    private static async Task<Verdict> Verify(object? runner, string completion, JsonObject? options = null)
    {
        var task = TaskRegistry.FromPlugins([new CodePlugin()], new Services(runner)).Create("code/hello-world-v1", options).RequireTask();
        return await task.VerifyAsync(new VerifyArgs(task.Generate(0, 0), completion));
    }

    [Fact]
    public async Task Without_a_registered_code_runner_the_score_is_zero_with_the_fix_in_the_reason()
    {
        var verdict = await Verify(null, Hello);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("no code runner").And.Contain("AddR1GymSandbox");
    }

    [Fact]
    public async Task A_runner_that_fails_gives_zero_with_its_error_instead_of_throwing()
    {
        var verdict = await Verify(new ThrowingRunner(), Hello);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("worker pool is gone");
    }

    [Fact]
    public async Task The_runner_receives_the_spec_format_of_the_sandbox_with_the_task_limits()
    {
        var runner = new RecordingRunner();

        var verdict = await Verify(runner, Hello, new JsonObject { ["timeLimitMs"] = 1500, ["memoryLimitMb"] = 64 });

        verdict.Score.Should().Be(1);
        var spec = runner.Specs.Should().ContainSingle().Subject;
        spec["entryPoint"]!.GetValue<string>().Should().Be("Solution.Hello");
        spec["timeLimitMs"]!.GetValue<int>().Should().Be(1500);
        spec["memoryLimitMb"]!.GetValue<int>().Should().Be(64);
        spec["tests"]![0]!["args"]!.AsArray().Should().BeEmpty();
        spec["tests"]![0]!["expected"]!.GetValue<string>().Should().Be("Hello, World!");
    }
}
