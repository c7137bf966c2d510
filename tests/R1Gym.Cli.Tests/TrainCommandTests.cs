using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary><c>r1gym train grpo</c> and <c>train sft</c> as a user runs them: what a run leaves behind, and bad input.</summary>
[Collection(TrainRuns.Collection)]
public sealed class TrainCommandTests(TrainRuns runs)
{
    private static readonly string Gsm8k = Path.Combine(CliProcess.RepositoryRoot, "tasks", "gsm8k");

    [Fact]
    public void Train_grpo_writes_metrics_plots_checkpoints_and_the_model_and_reports_them_as_json()
    {
        var report = JsonNode.Parse(runs.Grpo.Stdout)!;

        report["steps"]!.GetValue<int>().Should().Be(TrainRuns.GrpoSteps);
        report["run"]!.GetValue<string>().Should().Be(runs.GrpoRun);
        report["resumed_from"].Should().BeNull();
        report["checkpoint"]!.GetValue<string>().Should().Be(TrainRuns.Checkpoint(runs.GrpoRun, TrainRuns.GrpoSteps));
        Directory.GetDirectories(Path.Combine(runs.GrpoRun, "checkpoints")).Select(Path.GetFileName)
            .Should().BeEquivalentTo(["step-000004", "step-000005"], "the store keeps the two newest");
        var model = report["model"]!.GetValue<string>();
        File.Exists(Path.Combine(model, "model.safetensors")).Should().BeTrue();
        File.Exists(Path.Combine(model, "config.json")).Should().BeTrue();
        File.Exists(Path.Combine(model, "tokenizer.json")).Should().BeTrue();
        TrainRuns.StepMetrics(runs.GrpoRun).Select(m => m["step"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5);
        var plots = report["plots"]!.AsArray().Select(p => Path.GetFileName(p!.GetValue<string>())).ToList();
        plots.Should().Contain(["reward_total.png", "reward_accuracy.png", "completion_length_mean.png", "kl_reference.png"]);
        plots.Should().AllSatisfy(p => new FileInfo(Path.Combine(runs.GrpoRun, "plots", p)).Length.Should().BeGreaterThan(1000));
        var last = report["last_metrics"]!.AsObject();
        last.Select(kv => kv.Key).Should().Contain(["reward/total", "reward/accuracy", "completion/length_mean", "kl/reference",
            "policy/entropy", "policy/clip_fraction", "policy/grad_norm", "perf/tokens_per_second", "perf/generate_share"]);
        last["policy/grad_norm"]!.GetValue<double>().Should().BePositive("the SFT model's groups differ in reward, so GRPO has a gradient");
        runs.Grpo.Stderr.Should().NotContain("warn");
    }

    [Fact]
    public async Task Without_json_a_run_prints_a_line_per_step_then_a_summary_with_the_model_metrics_and_plots()
    {
        var run = Path.Combine(runs.Root, "grpo-text");
        TrainRuns.CopyRun(runs.GrpoRun, run);

        var result = await TrainRuns.RunAsync([.. runs.GrpoArgs(steps: 6).Where(a => a != "--json"), "--output", run, "--resume"]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().MatchRegex(@"(?m)^GRPO 6/6  reward -?\d+\.\d\d  acc \d+%  len \d+  H \d+\.\d\d  KL \d+\.\d{3}$")
            .And.Contain($"trained 6 steps (resumed from {TrainRuns.Checkpoint(run, 5)}); model: {Path.Combine(run, "model")}")
            .And.MatchRegex(@"step 6: reward -?\d+\.\d{3}  accuracy \d+\.\d%  length \d+\.\d  entropy \d+\.\d{3}  kl \d+\.\d{4}")
            .And.Contain("lr 1E-3")
            .And.Contain($"metrics: {Path.Combine(run, "metrics.jsonl")}")
            .And.Contain($"plot: {Path.Combine(run, "plots", "reward_total.png")}");
        result.Stdout.Should().NotContain("GRPO 5/6", "steps before the checkpoint are not run again");
    }

    [Theory]
    [InlineData("--task demo/additon-v1", "Unknown task id 'demo/additon-v1'", "Did you mean 'demo/addition-v1'")]
    [InlineData("--task math/gsm8k-test-v1", "Task 'math/gsm8k-test-v1' is an evaluation-only set", "training split")]
    [InlineData("--task demo/addition-v1 --task-options [1", "--task-options is not valid JSON", "{\"digits\": 4}")]
    [InlineData("--task demo/addition-v1 --prompt-format chatml", "Unknown chat template 'chatml'", "Built in: chatml-r1, compact, r1")]
    [InlineData("--task demo/addition-v1 --set Grpo:GroupSize=1", "invalid configuration", "GroupSize must be between 2 and 1024")]
    [InlineData("--task demo/addition-v1 --set Grpo:GropuSize=4", "'GropuSize'", "Check the key's spelling")]
    public async Task Train_grpo_with_bad_input_exits_with_code_2_and_says_what_to_fix(string args, string message, string hint)
    {
        var result = await TrainGrpo(runs.BaseModel, [.. args.Split(' ')]);

        AssertCleanFailure(result, message, hint);
    }

    [Fact]
    public async Task Train_grpo_with_a_missing_model_folder_names_the_folder()
    {
        var missing = Path.Combine(runs.Root, "no-such-model");

        var result = await TrainGrpo(missing, ["--task", "demo/addition-v1"]);

        AssertCleanFailure(result, $"Model folder not found: '{missing}'", "config.json");
    }

    [Fact]
    public async Task Train_grpo_with_a_model_folder_without_a_tokenizer_says_the_tokenizer_is_missing()
    {
        var model = Directory.CreateDirectory(Path.Combine(runs.Root, "no-tokenizer")).FullName;
        File.Copy(Path.Combine(runs.BaseModel, "config.json"), Path.Combine(model, "config.json"), overwrite: true);
        File.Copy(Path.Combine(runs.BaseModel, "model.safetensors"), Path.Combine(model, "model.safetensors"), overwrite: true);

        var result = await TrainGrpo(model, ["--task", "demo/addition-v1"]);

        AssertCleanFailure(result, "Tokenizer not found", "tokenizer.json");
    }

    [Theory]
    [InlineData("{ \"Grpo\": { \"Steps\": 3, ", "is not a valid JSON object")]
    [InlineData("[1, 2]", "is not a valid JSON object")]
    [InlineData("{ \"Grpo\": { \"Stpes\": 3 } }", "'Stpes'")]
    public async Task Train_grpo_with_a_bad_config_file_names_the_file_and_the_problem(string json, string message)
    {
        var config = Path.Combine(runs.Root, $"config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, json);

        var result = await TrainGrpo(runs.BaseModel, ["--task", "demo/addition-v1", "--config", config]);

        AssertCleanFailure(result, message, json.StartsWith('{') && json.Contains("Stpes") ? "GrpoOptions" : config);
    }

    [Fact]
    public async Task Resume_without_a_checkpoint_or_from_another_trainers_run_is_refused()
    {
        var empty = Path.Combine(runs.Root, "never-ran");

        var none = await TrainGrpo(runs.BaseModel, ["--task", "demo/addition-v1", "--output", empty, "--resume"]);
        var sft = await TrainGrpo(runs.BaseModel, ["--task", "demo/addition-v1", "--output", runs.SftRun, "--resume"]);

        AssertCleanFailure(none, $"--resume found no checkpoint under {Path.Combine(empty, "checkpoints")}", "start without --resume");
        AssertCleanFailure(sft, "was written by the sft trainer", "resume it with 'train sft'");
    }

    private Task<CliResult> TrainGrpo(string model, string[] args) =>
        TrainRuns.RunAsync(["train", "grpo", "--model", model, "--device", "cpu", "--plugins", runs.Empty, "--tasks", Gsm8k, "--no-builtins",
            "--set", "Grpo:Steps=1", .. args, .. args.Contains("--output") ? Array.Empty<string>() : ["--output", Path.Combine(runs.Root, "bad-input")]]);

    private static void AssertCleanFailure(CliResult result, string message, string hint)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("error: ").And.Contain(message).And.Contain(hint).And.NotContain("   at ", "no stack trace");
        result.Stdout.Should().BeEmpty();
    }
}
