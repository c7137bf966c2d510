using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary><c>r1gym grade</c> end to end, as a process, with the built-in plugins beside the binary (the math checker).</summary>
public sealed class GradeCommandTests : IDisposable
{
    private static readonly string MathTasks = Path.Combine(CliProcess.RepositoryRoot, "tasks", "math");
    private readonly string _folder = Directory.CreateTempSubdirectory("r1gym-grade-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Line(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public async Task Every_line_gets_a_result_in_input_order_and_bad_lines_get_errors_without_stopping_the_rest()
    {
        var input = Path.Combine(_folder, "in.jsonl");
        var output = Path.Combine(_folder, "out.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            Line(new { id = "half", completion = "<think>2/4</think> So it is $\\boxed{\\frac12}$.", answer = "0.5" }),
            Line(new { id = "wrong", completion = "<think>x</think> \\boxed{3}", answer = "4" }),
            "this is not json",
            "[1, 2]",
            Line(new { id = "typed", completion = 5, answer = "5" }),
            Line(new { id = "unknown", completion = "<think>x</think> 1", task = "math/no-such-task-v1", index = 0 }),
            Line(new { id = "task", completion = "<think>x</think> \\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}", task = "math/math500-v1", index = 0 }),
            "",
            Line(new { id = 8, completion = "<think>x</think> $x = \\boxed{2}$ or $x = \\boxed{-3}$", answer = "-3, 2" }),
        ]);

        var result = await CliProcess.RunAsync(["grade", input, "--out", output, "--tasks", MathTasks, "--json"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = (await File.ReadAllLinesAsync(output)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        lines.Select(l => l["line"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5, 6, 7, 9);
        lines.Select(l => l["correct"]!.GetValue<bool>()).Should().Equal(true, false, false, false, false, false, true, true);
        lines.Select(l => l["error"] is not null).Should().Equal(false, false, true, true, true, true, false, false);
        lines[0]["reward"]!.GetValue<double>().Should().Be(1.2, "accuracy 1 plus the 0.2 format reward, as the trainer composes it");
        lines[0]["extracted"]!.GetValue<string>().Should().Be("\\frac12");
        lines[1]["reward"]!.GetValue<double>().Should().Be(0.2);
        lines[2]["reason"]!.GetValue<string>().Should().Contain("not JSON");
        lines[3]["reason"]!.GetValue<string>().Should().Contain("expected a JSON object");
        lines[4]["reason"]!.GetValue<string>().Should().Contain("'completion'").And.Contain("number");
        lines[5]["reason"]!.GetValue<string>().Should().Contain("math/no-such-task-v1");
        lines[7]["id"]!.GetValue<int>().Should().Be(8);
        var summary = JsonNode.Parse(result.Stdout)!;
        summary["lines"]!.GetValue<int>().Should().Be(8);
        summary["accuracy"]!.GetValue<double>().Should().Be(3.0 / 8);
        summary["verdicts"]!["correct"]!.GetValue<int>().Should().Be(3);
        summary["verdicts"]!["wrong"]!.GetValue<int>().Should().Be(1);
        summary["verdicts"]!["error"]!.GetValue<int>().Should().Be(4);
    }

    [Fact]
    public async Task A_grade_equals_the_reward_verify_gives_for_the_same_task_problem()
    {
        var completion = "<think>\nr = 3, theta = pi/2\n</think>\nThe point is $\\boxed{(3, \\frac{\\pi}{2})}$.";
        var file = Path.Combine(_folder, "completion.txt");
        await File.WriteAllTextAsync(file, completion);
        var input = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllTextAsync(input, Line(new { id = "p", completion, index = 0 }) + "\n");
        var output = Path.Combine(_folder, "out.jsonl");
        string[] shaping = ["--tasks", MathTasks, "--set", "Rewards:FormatWeight=0.3", "--set", "Rewards:MaxLength=60"];

        var graded = await CliProcess.RunAsync(["grade", input, "--task", "math/math500-v1", "--out", output, .. shaping]);
        var verified = await CliProcess.RunAsync(["verify", "math/math500-v1", "-i", "0", "-c", file, "--json", .. shaping]);

        graded.ExitCode.Should().Be(0, graded.ToString());
        verified.ExitCode.Should().Be(0, verified.ToString());
        var grade = JsonNode.Parse(await File.ReadAllTextAsync(output))!;
        var reward = JsonNode.Parse(verified.Stdout)!["reward"]!["total"]!.GetValue<double>();
        grade["reward"]!.GetValue<double>().Should().Be(reward).And.BeLessThan(1.3, "the length penalty applies to this long completion");
        grade["correct"]!.GetValue<bool>().Should().BeTrue();
        graded.Stdout.Should().Contain("accuracy     100% (1 of 1 correct)");
    }

    [Theory]
    [InlineData("missing-folder/out.jsonl", "does not exist")]
    [InlineData(".", "is a directory")]
    public async Task An_unusable_out_path_is_refused_with_exit_code_2_before_any_line_is_graded(string outPath, string message)
    {
        var input = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllTextAsync(input, Line(new { id = 1, completion = "\\boxed{1}", answer = "1" }) + "\n");

        var result = await CliProcess.RunAsync(["grade", input, "--out", Path.Combine(_folder, outPath), "--tasks", MathTasks]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("--out").And.Contain(message);
        result.Stdout.Should().NotContain("accuracy");
    }

    [Fact]
    public async Task An_unknown_checker_is_refused_with_exit_code_2_naming_the_known_ones()
    {
        var input = Path.Combine(_folder, "in.jsonl");
        await File.WriteAllTextAsync(input, Line(new { id = 1, completion = "\\boxed{1}", answer = "1" }) + "\n");

        var result = await CliProcess.RunAsync(["grade", input, "--out", Path.Combine(_folder, "out.jsonl"), "--checker", "maths", "--tasks", MathTasks]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("'maths'").And.Contain("math");
    }
}
