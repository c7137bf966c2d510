using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary>
/// Each class of bad input ends in exit code 2 and one "error:" line that names the file or option, the field and the
/// fix; a stack trace appears only with -v. Hostile script tasks fail alone, named, without taking the CLI down.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("r1gym-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Gsm8k = Path.Combine(CliProcess.RepositoryRoot, "tasks", "gsm8k");

    [Theory]
    [InlineData("tasks list --set Foo:Bar=1", "no command reads section 'Foo'")]
    [InlineData("tasks list --set JustAKey=1", "a key needs a section")]
    [InlineData("tasks show math/gsm8k-test-v1 -n 2000000000", "--count must lie in [1, 10000], found 2000000000")]
    [InlineData("check math/gsm8k-test-v1 --samples 999999999", "--samples must lie in")]
    [InlineData("bench generate --batch 100000000", "--batch must lie in")]
    [InlineData("model create -o /proc/r1gym-cannot-write-here", "cannot be written")]
    public async Task A_bad_option_exits_2_with_one_error_line_and_no_stack_trace(string args, string message)
    {
        var result = await CliProcess.RunAsync([.. args.Split(' '), "--tasks", Gsm8k, "--plugins", _dir]);

        ShouldBeCleanInputError(result, message);
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_is_refused_before_any_work()
    {
        var file = Path.Combine(_dir, "taken");
        await File.WriteAllTextAsync(file, "not a folder");

        var result = await CliProcess.RunAsync(["model", "create", "-o", file]);

        ShouldBeCleanInputError(result, $"--output '{file}' is a file; expected a folder");
    }

    [Fact]
    public async Task A_config_field_of_the_wrong_type_names_file_and_field_and_shows_a_trace_only_with_verbose()
    {
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, """{"hidden_size": "abc", "num_attention_heads": 2, "vocab_size": 10, "intermediate_size": 4, "num_hidden_layers": 1}""");

        var plain = await CliProcess.RunAsync(["model", "info", _dir]);
        var verbose = await CliProcess.RunAsync(["model", "info", _dir, "-v"]);

        ShouldBeCleanInputError(plain, $"'{config}': field 'hidden_size' must be an integer");
        verbose.ExitCode.Should().Be(2);
        verbose.Stderr.Should().Contain("   at ", "-v keeps the stack trace");
    }

    [Fact]
    public async Task Mutated_config_files_never_end_in_a_crash()
    {
        var valid = new JsonObject
        {
            ["model_type"] = "qwen2", ["vocab_size"] = 64, ["hidden_size"] = 16, ["intermediate_size"] = 32, ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 2, ["num_key_value_heads"] = 1, ["rope_theta"] = 10000.0, ["tie_word_embeddings"] = true,
        };
        JsonNode?[] values = [null, "x", -1, 0, 1.5, 4294967296L, true, new JsonArray(), new JsonObject()];
        var random = new Random(14);
        var keys = valid.Select(p => p.Key).ToList();

        for (int i = 0; i < 8; i++)
        {
            var mutated = valid.DeepClone().AsObject();
            mutated[keys[random.Next(keys.Count)]] = values[random.Next(values.Length)]?.DeepClone();
            await File.WriteAllTextAsync(Path.Combine(_dir, "config.json"), mutated.ToJsonString());

            var result = await CliProcess.RunAsync(["model", "info", _dir]);

            result.ExitCode.Should().BeOneOf([0, 2], $"case {i} ({mutated.ToJsonString()}): {result}");
            result.Stderr.Should().NotContain("   at ", $"case {i} prints no stack trace");
        }
    }

    [Fact]
    public async Task A_script_task_that_loops_at_load_is_stopped_and_named_while_the_cli_carries_on()
    {
        var tasks = Directory.CreateDirectory(Path.Combine(_dir, "tasks")).FullName;
        var script = Path.Combine(tasks, "spin.csx");
        await File.WriteAllTextAsync(script, "while (true) { }");
        File.Copy(Path.Combine(Gsm8k, "task.json"), Path.Combine(tasks, "task.json"));
        File.Copy(Path.Combine(Gsm8k, "test.jsonl"), Path.Combine(tasks, "test.jsonl"));
        File.Copy(Path.Combine(Gsm8k, "train.jsonl"), Path.Combine(tasks, "train.jsonl"));

        var result = await CliProcess.RunAsync(["tasks", "list", "--json", "--no-builtins", "--tasks", tasks, "--plugins", _dir,
            "--set", "Gym:ScriptLoadTimeoutSeconds=10", "--set", $"Gym:ScriptCacheDirectory={Path.Combine(_dir, "cache")}"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        json["failures"]!.AsArray().Should().ContainSingle().Which!["reason"]!.GetValue<string>()
            .Should().Contain(script).And.Contain("did not finish loading within 10 s");
        json["tasks"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Contain("math/gsm8k-test-v1");
    }

    private static void ShouldBeCleanInputError(CliResult result, string message)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("error: ").And.Contain(message);
        result.Stderr.Should().NotContain("   at ", "no stack trace without -v");
    }
}
