using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Training.Tests;

public sealed class ToolTests
{
    private static readonly ToolBoxOptions Limits = new()
    {
        MaxCallsPerTurn = 3,
        MaxCallsPerEpisode = 5,
        Limits = new ToolLimits { Timeout = TimeSpan.FromMilliseconds(300), MaxOutputChars = 50 },
    };

    private static ToolBox Box() => new([new EchoTool(), new HangingTool(), new ThrowingTool()], Limits);

    private static string Call(string name, string arguments) => $"<tool_call>{{\"name\": \"{name}\", \"arguments\": {arguments}}}</tool_call>";

    [Fact]
    public async Task A_well_formed_call_runs_and_its_result_comes_back_as_a_tool_response()
    {
        var turn = await Box().RunAsync("<think>let me check</think>" + Call("echo", "{\"text\": \"hi\"}"), 0);

        turn.Should().Be(new ToolTurn("<tool_response>\nhi\n</tool_response>", Calls: 1, Errors: 0, EndEpisode: false));
    }

    [Theory]
    [InlineData("<tool_call>{not json</tool_call>", "not valid JSON")]
    [InlineData("<tool_call>[1, 2]</tool_call>", "must be a JSON object")]
    [InlineData("<tool_call>{\"arguments\": {}}</tool_call>", "needs \"name\"")]
    [InlineData("<tool_call>{\"name\": \"rm\", \"arguments\": {}}</tool_call>", "unknown tool 'rm'")]
    [InlineData("<tool_call>{\"name\": \"echo\", \"arguments\": {}}</tool_call>", "needs the argument 'text'")]
    [InlineData("<tool_call>{\"name\": \"echo\", \"arguments\": 5}</tool_call>", "must be a JSON object")]
    [InlineData("<tool_call>{\"name\": \"echo\", \"arguments\": {\"text\": \"x\"}}", "not closed")]
    [InlineData("<tool_call>{\"name\": \"hang\", \"arguments\": {}}</tool_call>", "took longer than 0.3 s")]
    [InlineData("<tool_call>{\"name\": \"throw\", \"arguments\": {}}</tool_call>", "the tool failed: InvalidOperationException")]
    public async Task A_malformed_or_failing_call_becomes_an_error_observation(string action, string reason)
    {
        var turn = await Box().RunAsync(action, 0);

        turn.Errors.Should().Be(1);
        turn.EndEpisode.Should().BeFalse();
        turn.Response.Should().StartWith("<tool_response>\nerror: ").And.Contain(reason);
    }

    [Fact]
    public async Task Arguments_written_as_a_json_string_are_accepted()
    {
        var turn = await Box().RunAsync("<tool_call>{\"name\": \"echo\", \"arguments\": \"{\\\"text\\\": \\\"ok\\\"}\"}</tool_call>", 0);

        turn.Response.Should().Be("<tool_response>\nok\n</tool_response>");
    }

    [Fact]
    public async Task A_thousand_calls_in_one_turn_run_only_the_per_turn_limit()
    {
        var action = string.Concat(Enumerable.Repeat(Call("echo", "{\"text\": \"x\"}"), 1000));

        var turn = await Box().RunAsync(action, 0);

        turn.Calls.Should().Be(3);
        turn.Errors.Should().Be(997);
        turn.Response.Should().Contain("997 more call(s) not run: at most 3 calls per turn");
    }

    [Fact]
    public async Task The_call_past_the_episode_budget_ends_the_episode()
    {
        var action = Call("echo", "{\"text\": \"x\"}") + Call("echo", "{\"text\": \"y\"}");

        var turn = await Box().RunAsync(action, callsSoFar: 4);

        turn.Calls.Should().Be(1);
        turn.EndEpisode.Should().BeTrue();
        turn.Response.Should().Contain("limit of 5 tool calls is spent");
    }

    [Fact]
    public async Task Huge_output_is_cut_to_the_limit_with_a_note()
    {
        var turn = await Box().RunAsync(Call("echo", $"{{\"text\": \"{new string('z', 10_000)}\"}}"), 0);

        turn.Response.Should().Contain(new string('z', 50) + "\n... [9950 more characters cut]");
        turn.Response.Should().NotContain(new string('z', 51));
    }

    [Fact]
    public void The_system_prompt_lists_the_tools_in_the_hermes_format()
    {
        var prompt = Box().SystemPrompt();

        prompt.Should().Contain("<tools>\n{\"type\":\"function\",\"function\":{\"name\":\"echo\"").And.Contain("<tool_call>\n{\"name\": <function-name>");
    }

    [Fact]
    public async Task Without_a_sandbox_the_csharp_tool_answers_with_an_error_instead_of_throwing()
    {
        var tool = new CSharpTool(runner: null);

        var result = await tool.CallAsync(new ToolCallArgs(new JsonObject { ["code"] = "System.Console.WriteLine(1);" }, new ToolLimits()));

        result.IsError.Should().BeTrue();
        result.Output.Should().Contain("no sandbox");
    }

    private sealed class EchoTool : ITool
    {
        public ToolSpec Spec { get; } = new("echo", "Repeats the text.", new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string" } },
            ["required"] = new JsonArray("text"),
        });

        public ValueTask<ToolResult> CallAsync(ToolCallArgs args, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(ToolResult.Ok(args.Arguments["text"]!.ToString()));
    }

    /// <summary>Never returns and ignores its cancellation token: the tool box must abandon it at the deadline.</summary>
    private sealed class HangingTool : ITool
    {
        public ToolSpec Spec { get; } = new("hang", "Never answers.", new JsonObject { ["type"] = "object" });

        public ValueTask<ToolResult> CallAsync(ToolCallArgs args, CancellationToken cancellationToken = default) =>
            new(new TaskCompletionSource<ToolResult>().Task);
    }

    private sealed class ThrowingTool : ITool
    {
        public ToolSpec Spec { get; } = new("throw", "Fails.", new JsonObject { ["type"] = "object" });

        public ValueTask<ToolResult> CallAsync(ToolCallArgs args, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("boom");
    }
}
