using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary>The r1gym command line end to end, as a process: exit codes, stdout, stderr.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly string Gsm8k = Path.Combine(CliProcess.RepositoryRoot, "tasks", "gsm8k");
    private static readonly string Scripts = Path.Combine(CliProcess.RepositoryRoot, "tasks", "scripts");
    private readonly string _empty = Directory.CreateTempSubdirectory("r1gym-cli-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    private Task<CliResult> Run(string tasks, params string[] args) =>
        CliProcess.RunAsync([.. args, "--tasks", tasks, "--plugins", _empty, "--no-builtins"]);

    [Fact]
    public async Task Help_is_available_on_the_root_and_every_command()
    {
        var root = await CliProcess.RunAsync(["--help"]);
        var show = await CliProcess.RunAsync(["tasks", "show", "--help"]);
        var newPlugin = await CliProcess.RunAsync(["new", "plugin", "-h"]);

        root.ExitCode.Should().Be(0);
        root.Stdout.Should().Contain("tasks").And.Contain("verify").And.Contain("check").And.Contain("new");
        show.Stdout.Should().Contain("--seed").And.Contain("--index").And.Contain("--count").And.Contain("--json").And.Contain("--set");
        newPlugin.Stdout.Should().Contain("--output");
    }

    [Fact]
    public async Task Tasks_list_shows_id_domain_kind_and_source()
    {
        var text = await Run(Gsm8k, "tasks", "list");
        var json = await Run(Scripts, "tasks", "list", "--json");

        text.ExitCode.Should().Be(0, text.ToString());
        text.Stdout.Should().MatchRegex(@"math/gsm8k-test-v1\s+math\s+single-turn\s+data:gsm8k/task.json\s+.*\[eval\]");
        text.Stdout.Should().Contain("math/gsm8k-train-v1").And.NotContain("text/letter-count-v1");
        // Other areas may add in-process tasks (the trainer's demo task); the script folder adds exactly one.
        var task = JsonNode.Parse(json.Stdout)!["tasks"]!.AsArray().Single(t => t!["source_kind"]!.GetValue<string>() == "script")!;
        task["id"]!.GetValue<string>().Should().Be("text/letter-count-v1");
        task["source_kind"]!.GetValue<string>().Should().Be("script");
        task["kind"]!.GetValue<string>().Should().Be("single-turn");
        task["evaluation_only"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Tasks_show_prints_prompts_answers_and_reference_solutions()
    {
        var text = await Run(Gsm8k, "tasks", "show", "math/gsm8k-test-v1");
        var json = await Run(Scripts, "tasks", "show", "text/letter-count-v1", "--seed", "5", "--index", "2", "--count", "3", "--json");

        text.ExitCode.Should().Be(0, text.ToString());
        text.Stdout.Should().Contain("Janet").And.Contain("-- answer\n18").And.Contain("\\boxed{18}");
        var problems = JsonNode.Parse(json.Stdout)!["problems"]!.AsArray();
        problems.Select(p => p!["index"]!.GetValue<int>()).Should().Equal(2, 3, 4);
        problems.Should().AllSatisfy(p => p!["reference"]!.GetValue<string>().Should().StartWith("<think>"));
    }

    [Fact]
    public async Task Verify_reads_a_completion_file_and_prints_verdict_and_reward_components()
    {
        var file = Path.Combine(_empty, "completion.txt");
        await File.WriteAllTextAsync(file, "<think>\n16 - 3 - 4 = 9 eggs, 9 * 2 = 18\n</think>\nShe makes \\boxed{18} dollars.");

        var result = await Run(Gsm8k, "verify", "math/gsm8k-test-v1", "--index", "0", "--completion", file);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("verdict       correct, score 1").And.Contain("reward        1.2")
            .And.MatchRegex(@"format\s+1\s+x 0.2").And.MatchRegex(@"accuracy\s+1\s+x 1");
    }

    [Fact]
    public async Task A_key_set_twice_takes_the_last_value_whatever_its_case()
    {
        var result = await CliProcess.RunAsync(
            ["verify", "math/gsm8k-test-v1", "-i", "0", "-c", "-", "--json", "--tasks", Gsm8k, "--plugins", _empty, "--no-builtins",
             "--set", "Rewards:FormatWeight=0.5", "--set", "rewards:formatweight=0.25"],
            stdin: "<think>guess</think>18");

        result.ExitCode.Should().Be(0, result.ToString());
        JsonNode.Parse(result.Stdout)!["weights"]!["format"]!.GetValue<double>().Should().Be(0.25);
    }

    [Fact]
    public async Task Verify_reads_stdin_and_writes_json_with_configured_weights()
    {
        var result = await CliProcess.RunAsync(
            ["verify", "math/gsm8k-test-v1", "-i", "0", "-c", "-", "--json", "--tasks", Gsm8k, "--plugins", _empty, "--no-builtins",
             "--set", "Rewards:FormatWeight=0.5", "--set", "Rewards:MaxLength=10"],
            stdin: "<think>guess</think>17",
            environment: new Dictionary<string, string> { ["R1GYM_Rewards__AccuracyWeight"] = "3" });

        result.ExitCode.Should().Be(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["verdict"]!["score"]!.GetValue<double>().Should().Be(0);
        json["verdict"]!["reason"]!.GetValue<string>().Should().Be("expected 18, got 17");
        json["reward"]!["format"]!.GetValue<double>().Should().Be(1);
        json["reward"]!["length"]!.GetValue<double>().Should().Be(-1);
        json["weights"]!["format"]!.GetValue<double>().Should().Be(0.5);
        json["weights"]!["accuracy"]!.GetValue<double>().Should().Be(3);
        json["reward"]!["total"]!.GetValue<double>().Should().Be(0.5 * 1 - 1);
    }

    [Fact]
    public async Task An_unknown_id_exits_with_code_2_and_suggests_the_closest_ids()
    {
        var result = await Run(Gsm8k, "tasks", "show", "math/gsm8k-tset-v1");

        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("error: Unknown task id 'math/gsm8k-tset-v1'").And.Contain("Did you mean 'math/gsm8k-test-v1'");
    }

    [Theory]
    [InlineData("verify math/gsm8k-test-v1 -i 0 -c /no/such/file", "Completion file '/no/such/file' does not exist")]
    [InlineData("tasks show math/gsm8k-test-v1 --options {\"x\":1}", "Invalid options for task 'math/gsm8k-test-v1'")]
    [InlineData("tasks show math/gsm8k-test-v1 --options [1", "--task-options is not valid JSON")]
    [InlineData("tasks list --set NoEqualsSign", "--set expects Key=Value")]
    [InlineData("verify math/gsm8k-test-v1 -i 0 -c - --set Rewards:Language=xx", "Language 'xx' is not supported")]
    [InlineData("verify math/gsm8k-test-v1 -i 0 -c - --set Rewards:FormatWieght=1", "RewardOptions: 'FormatWieght'")]
    public async Task Bad_input_exits_with_code_2_and_a_clear_message(string args, string message)
    {
        var result = await Run(Gsm8k, args.Split(' '));

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain(message);
    }

    [Fact]
    public async Task Missing_required_options_are_usage_errors()
    {
        var result = await Run(Gsm8k, "verify", "math/gsm8k-test-v1");

        result.ExitCode.Should().NotBe(0);
        result.Stderr.Should().Contain("--index").And.Contain("--completion");
    }

    [Fact]
    public async Task Check_passes_for_conformant_tasks_and_reports_json()
    {
        var text = await Run(Scripts, "check", "text/letter-count-v1");
        var json = await Run(Gsm8k, "check", "all", "--samples", "2", "--json");

        text.ExitCode.Should().Be(0, text.ToString());
        text.Stdout.Should().Contain("ok   text/letter-count-v1").And.Contain("1 checked, 0 failed");
        json.ExitCode.Should().Be(0, json.ToString());
        var report = JsonNode.Parse(json.Stdout)!;
        report["passed"]!.GetValue<bool>().Should().BeTrue();
        report["reports"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Should().Contain(["math/gsm8k-test-v1", "math/gsm8k-train-v1"]);
    }

    [Fact]
    public async Task Check_fails_with_exit_code_1_and_names_the_broken_script_with_its_position()
    {
        var tasks = Directory.CreateDirectory(Path.Combine(_empty, "tasks")).FullName;
        File.Copy(Path.Combine(Scripts, "letter-count.csx"), Path.Combine(tasks, "good.csx"));
        var broken = Path.Combine(tasks, "broken.csx");
        await File.WriteAllTextAsync(broken, "Tasks.AddTask<NoOptions>(\"x/y-v1\", o => new Missing(o));\n");

        var result = await CliProcess.RunAsync(["check", "--tasks", tasks, "--plugins", _empty, "--no-builtins"]);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Contain("FAIL tasks/broken.csx").And.Contain($"{broken}(1,45): error CS0246")
            .And.Contain("ok   text/letter-count-v1").And.MatchRegex(@"\d+ checked, 1 failed");
    }

    [Fact]
    public async Task From_any_directory_the_tasks_and_plugins_beside_the_binary_are_found()
    {
        var result = await CliProcess.RunAsync(["tasks", "list", "--json"], workingDirectory: _empty);

        result.ExitCode.Should().Be(0, result.ToString());
        var ids = JsonNode.Parse(result.Stdout)!["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>());
        ids.Should().Contain(["math/gsm8k-train-v1", "text/letter-count-v1"]);
        Directory.Exists(Path.Combine(CliProcess.CliDirectory, "plugins")).Should().BeTrue("the built-in plugins are copied beside r1gym");
    }
}
