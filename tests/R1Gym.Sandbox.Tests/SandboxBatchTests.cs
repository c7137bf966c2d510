using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Sandbox.Supervisor.Isolation;

namespace R1Gym.Sandbox.Tests;

/// <summary><c>sandbox batch</c>: every line gets a result in input order, written as it comes, and bad lines or paths fail alone and early.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxBatchTests(SandboxFixture fixture)
{
    private static string Line(object id, string code, JsonObject tests) =>
        new JsonObject { ["id"] = JsonValue.Create(id), ["code"] = code, ["tests"] = tests.DeepClone() }.ToJsonString();

    [Fact]
    public async Task Lines_with_fields_of_the_wrong_type_get_an_error_and_the_other_lines_are_still_judged()
    {
        string[] lines =
        [
            Line("a", SandboxFixture.Adder, SandboxFixture.AdderTests),
            """{"id": "b", "code": 42, "tests": {}}""",
            """{"id": "c", "code": "x", "tests": [1, 2]}""",
            "",
            "[1, 2, 3]",
            "{not json",
            Line("f", SandboxFixture.Adder.Replace("a + b", "a - b"), SandboxFixture.AdderTests),
        ];
        var output = new StringWriter();

        var summary = await SandboxBatch.RunAsync(fixture.Sandbox, lines, output);

        var results = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        results.Select(r => r["id"]?.ToString()).Should().Equal("a", "b", "c", null, null, "f");
        results[0]["verdict"]!.ToString().Should().Be(Verdicts.Accepted);
        results[1]["error"]!.ToString().Should().Contain("line 2").And.Contain("'code' must be a string");
        results[2]["error"]!.ToString().Should().Contain("line 3").And.Contain("'tests' must be a JSON object");
        results[3]["error"]!.ToString().Should().Contain("line 5");
        results[4]["error"]!.ToString().Should().Contain("line 6").And.Contain("not valid JSON");
        results[5]["verdict"]!.ToString().Should().Be(Verdicts.WrongAnswer);
        summary.Answers.Should().Be(6);
        summary.Verdicts.Should().BeEquivalentTo(new Dictionary<string, int> { ["accepted"] = 1, ["wrong_answer"] = 1, ["error"] = 4 });
        summary.ToString().Should().Contain("6 answers").And.Contain("answers/s").And.Contain("error 4");
    }

    [Fact]
    public async Task A_wrong_answer_shows_the_arguments_and_the_expected_value()
    {
        var result = await fixture.Sandbox.RunAsync(SandboxFixture.Adder.Replace("a + b", "a + b + (a > 50 ? 1 : 0)"), SandboxFixture.AdderTests);

        var wrong = result.Tests[2];
        wrong.Verdict.Should().Be(Verdicts.WrongAnswer);
        wrong.Detail!.Args!.ToJsonString().Should().Be("[100,200]");
        wrong.Detail.Expected!.ToJsonString().Should().Be("300");
        result.Tests[0].Detail.Should().BeNull("an accepted test needs no explanation");
        var json = result.ToJson()["tests"]![2]!;
        json["args"]!.ToJsonString().Should().Be("[100,200]");
        json["expected"]!.ToJsonString().Should().Be("300");
        json["actual"]!.ToJsonString().Should().Be("301");
    }

    [Fact]
    public async Task A_cancelled_batch_keeps_the_results_it_had_already_written()
    {
        // The writer cancels the batch when the first result arrives: had the batch kept its results until the end,
        // the writer would hold nothing.
        using var cancel = new CancellationTokenSource();
        var output = new CancelOnFirstLine(cancel);
        var lines = Enumerable.Range(0, 6).Select(i => Line(i, SandboxFixture.Adder + $"// batch {i}", SandboxFixture.AdderTests)).ToList();

        var run = () => SandboxBatch.RunAsync(fixture.Sandbox, lines, output, concurrency: 1, ct: cancel.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().NotBeEmpty()
            .And.AllSatisfy(l => JsonNode.Parse(l)!["verdict"]!.ToString().Should().Be(Verdicts.Accepted));
        JsonNode.Parse(output.ToString().Split('\n')[0])!["id"]!.GetValue<int>().Should().Be(0, "results come in input order");
    }

    [Fact]
    public void An_output_path_that_cannot_be_written_is_refused_before_anything_runs()
    {
        string folder = Directory.CreateTempSubdirectory("r1gym-batch-").FullName;

        var isFolder = () => SandboxBatch.OpenOutput(folder);
        var noParent = () => SandboxBatch.OpenOutput(Path.Combine(folder, "missing", "results.jsonl"));
        // Not even root may create a file in /sys.
        var unwritable = () => SandboxBatch.OpenOutput("/sys/r1gym-batch-results.jsonl");

        isFolder.Should().Throw<R1GymException>().WithMessage("*is a folder*results.jsonl*");
        noParent.Should().Throw<R1GymException>().WithMessage("*does not exist*create it*");
        unwritable.Should().Throw<R1GymException>().WithMessage("*cannot be written*");
        using (var ok = SandboxBatch.OpenOutput(Path.Combine(folder, "results.jsonl")))
            ok.WriteLine("{}");
        File.ReadAllText(Path.Combine(folder, "results.jsonl")).Should().Be("{}\n");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Cgroups_left_behind_by_a_supervisor_that_died_are_swept_and_live_ones_are_kept()
    {
        if (Cgroups.Detect() is not { } version)
            return; // No writable cgroup hierarchy here (not root, or no delegation): nothing is ever left behind.
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        var orphan = Cgroups.Create(version, $"p{gone.Id}-sweeptest-w1", 64 << 20, 32)!;
        var live = Cgroups.Create(version, $"p{Environment.ProcessId}-sweeptest-w1", 64 << 20, 32)!;

        Cgroups.SweepOrphans(version);

        orphan.Directories.Should().OnlyContain(d => !Directory.Exists(d), "its owner {0} has exited", gone.Id);
        live.Directories.Should().OnlyContain(d => Directory.Exists(d), "this process owns it");
        await live.DeleteAsync();
        Cgroups.OwnerPid("p123-abc-w4").Should().Be(123);
        Cgroups.OwnerPid("outlives-its-starter").Should().BeNull();
    }

    private sealed class CancelOnFirstLine(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            cancel.Cancel();
        }
    }
}
