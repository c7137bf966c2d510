using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Tests;

public sealed partial class DataSetTests
{
    private static readonly string Tasks = Path.Combine(
        TaskPaths.RepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found"), "tasks");

    private static List<JsonObject> Rows(string relative) =>
        File.ReadLines(Path.Combine(Tasks, relative)).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();

    [Theory]
    [InlineData("math/math500.jsonl", 500)]
    [InlineData("math/train.jsonl", 4500)]
    [InlineData("aime/aime24.jsonl", 30)]
    [InlineData("aime/aime25.jsonl", 30)]
    public void Each_data_set_has_its_rows_and_a_licence_beside_it(string file, int rows)
    {
        Rows(file).Should().HaveCount(rows).And.OnlyContain(r => r["problem"]!.GetValue<string>().Length > 0 && r["answer"]!.GetValue<string>().Length > 0);
        File.Exists(Path.Combine(Tasks, Path.GetDirectoryName(file)!, "LICENSE")).Should().BeTrue();
    }

    [Fact]
    public void No_evaluation_problem_appears_in_any_training_set()
    {
        var evaluation = new[] { "math/math500.jsonl", "aime/aime24.jsonl", "aime/aime25.jsonl" }
            .SelectMany(Rows).Select(r => Normalise(r["problem"]!.GetValue<string>())).ToHashSet();
        var training = Rows("math/train.jsonl").Select(r => Normalise(r["problem"]!.GetValue<string>())).ToList();
        if (File.Exists(Path.Combine(Tasks, "gsm8k/train.jsonl")))
            training.AddRange(Rows("gsm8k/train.jsonl").Select(r => Normalise(r["question"]!.GetValue<string>())));

        training.Should().HaveCountGreaterThan(4000);
        training.Where(evaluation.Contains).Should().BeEmpty();
    }

    [Fact]
    public void The_training_answer_is_the_last_boxed_answer_of_its_solution()
    {
        var rows = Rows("math/train.jsonl");

        rows.Should().OnlyContain(r => Answers.LastBoxed(r["solution"]!.GetValue<string>()) == r["answer"]!.GetValue<string>());
        rows.Select(r => Normalise(r["problem"]!.GetValue<string>())).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_checker_agrees_that_each_math500_answer_equals_the_boxed_answer_of_its_solution()
    {
        var rows = Rows("math/math500.jsonl");

        var disagreements = rows
            .Where(r => !MathChecker.AreEquivalent(r["answer"]!.GetValue<string>(), Answers.LastBoxed(r["solution"]!.GetValue<string>())))
            .Select(r => $"{r["answer"]} vs {Answers.LastBoxed(r["solution"]!.GetValue<string>())}")
            .ToList();

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void Every_aime_answer_is_an_integer_from_0_to_999_the_checker_reads_in_common_forms()
    {
        var rows = Rows("aime/aime24.jsonl").Concat(Rows("aime/aime25.jsonl")).ToList();

        foreach (var answer in rows.Select(r => r["answer"]!.GetValue<string>()))
        {
            int.Parse(answer).Should().BeInRange(0, 999);
            MathChecker.AreEquivalent(answer, $"\\boxed{{{answer}}}").Should().BeTrue();
            MathChecker.AreEquivalent(answer, $"{int.Parse(answer) + 1}").Should().BeFalse();
        }
    }

    [Theory]
    [InlineData("math/task.json", new[] { "math/math500-v1", "math/math-train-v1" })]
    [InlineData("aime/task.json", new[] { "math/aime24-v1", "math/aime25-v1" })]
    public void The_manifests_name_the_math_checker_and_flag_evaluation_sets(string manifest, string[] ids)
    {
        var tasks = JsonNode.Parse(File.ReadAllText(Path.Combine(Tasks, manifest)))!["tasks"]!.AsArray().Select(t => t!.AsObject()).ToList();

        tasks.Select(t => t["id"]!.GetValue<string>()).Should().Equal(ids);
        tasks.Should().OnlyContain(t => t["checker"]!.GetValue<string>() == "math" && File.Exists(Path.Combine(Tasks, Path.GetDirectoryName(manifest)!, t["file"]!.GetValue<string>())));
        tasks.Where(t => t["split"]!.GetValue<string>() == "train").Select(t => t["id"]!.GetValue<string>()).Should().Equal(ids.Where(i => i.Contains("train")));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
