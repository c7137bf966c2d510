using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class DataTaskTests
{
    private static ITaskRegistry Load(TempDirectory dir, ServiceProvider[] keep)
    {
        keep[0] = GymHost.Build(plugins: null, dir.Path);
        return keep[0].GetRequiredService<ITaskRegistry>();
    }

    [Fact]
    public async Task A_manifest_and_a_jsonl_file_become_a_task_with_no_code()
    {
        using var dir = new TempDirectory();
        dir.Write("capitals/data.jsonl", """
            {"q": "Capital of France?", "a": "Paris"}

            {"q": "Capital of Japan?", "a": "Tokyo"}
            """);
        dir.Write("capitals/task.json", """
            // comments are allowed
            { "tasks": [ { "id": "geo/capitals-v1", "description": "Capitals", "file": "data.jsonl",
                           "promptField": "q", "answerField": "a", "split": "eval" } ] }
            """);
        var keep = new ServiceProvider[1];
        var registry = Load(dir, keep);
        using var _ = keep[0];

        var descriptor = registry.Get("geo/capitals-v1");
        var instance = registry.Create("geo/capitals-v1");
        var task = instance.Task!;
        var problem = task.Generate(0, 1);
        var right = await task.VerifyAsync(new VerifyArgs(problem, "<think>Japan</think> tokyo "));
        var wrong = await task.VerifyAsync(new VerifyArgs(problem, "<think>Japan</think> Kyoto"));

        descriptor.SourceKind.Should().Be(TaskSourceKind.Data);
        descriptor.EvaluationOnly.Should().BeTrue();
        instance.Size.Should().Be(2);
        problem.Prompt.Should().Be("Capital of Japan?");
        problem.Metadata["source"].Should().Be("data.jsonl:3");
        task.Generate(0, 3).Prompt.Should().Be(problem.Prompt, "indexes wrap around the data set");
        right.IsCorrect.Should().BeTrue();
        wrong.Reason.Should().Be("expected 'Tokyo', got 'Kyoto'");
        task.Solve(problem).Should().BeNull("the manifest names no solution field");
    }

    [Fact]
    public void Other_seeds_visit_every_row_once_in_a_fixed_permutation()
    {
        using var dir = new TempDirectory();
        dir.Write("n/data.jsonl", string.Join("\n", Enumerable.Range(0, 50).Select(i => $"{{\"p\": \"item {i}\", \"a\": \"{i}\"}}")));
        dir.Write("n/task.json", """{ "tasks": [ { "id": "n/items-v1", "file": "data.jsonl", "promptField": "p", "answerField": "a", "checker": "number" } ] }""");
        var keep = new ServiceProvider[1];
        var registry = Load(dir, keep);
        using var _ = keep[0];
        var task = registry.Create("n/items-v1").Task!;

        var order = Enumerable.Range(0, 50).Select(i => task.Generate(7, i).Answer).ToList();
        var again = Enumerable.Range(0, 50).Select(i => registry.Create("n/items-v1").Task!.Generate(7, i).Answer).ToList();

        order.Should().OnlyHaveUniqueItems().And.HaveCount(50);
        order.Should().NotEqual(Enumerable.Range(0, 50).Select(i => i.ToString()));
        again.Should().Equal(order);
    }

    [Theory]
    [InlineData("""{ "tasks": [ { "id": "x/y-v1", "file": "missing.jsonl", "promptField": "p", "answerField": "a" } ] }""", "does not exist")]
    [InlineData("""{ "tasks": [ { "id": "bad id", "file": "d.jsonl", "answerFormat": "latex", "split": "test" } ] }""", "'bad id' must look like")]
    [InlineData("""{ "tasks": [ { "id": "x/y-v1", "file": "d.jsonl", "promptField": "p", "answerField": "a", "answerFeld": "a" } ] }""", "answerFeld")]
    [InlineData("""{ "tasks": [] }""", "lists no tasks")]
    [InlineData("""not json""", "is not valid")]
    public void Broken_manifests_are_reported_clearly(string manifest, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("d/d.jsonl", """{"p": "q", "a": "1"}""");
        dir.Write("d/task.json", manifest);
        var keep = new ServiceProvider[1];
        var registry = Load(dir, keep);
        using var _ = keep[0];

        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain(expected);
    }

    [Fact]
    public void A_manifest_reports_every_missing_field_at_once()
    {
        using var dir = new TempDirectory();
        dir.Write("d/task.json", """{ "tasks": [ { "id": "x/y-v1", "answerFormat": "latex", "split": "test" } ] }""");
        var keep = new ServiceProvider[1];
        var registry = Load(dir, keep);
        using var _ = keep[0];

        var reason = registry.Failures.Single().Reason;

        reason.Should().Contain("\"file\" is required").And.Contain("\"promptField\" is required")
            .And.Contain("\"answerField\" is required").And.Contain("answerFormat").And.Contain("split");
    }

    [Fact]
    public void A_bad_row_fails_with_file_and_line_and_an_unknown_checker_names_the_known_ones()
    {
        using var dir = new TempDirectory();
        dir.Write("d/d.jsonl", "{\"p\": \"q\", \"a\": \"#### 1\"}\n{\"p\": \"q2\", \"a\": \"no marker\"}\n");
        dir.Write("d/task.json", """
            { "tasks": [
              { "id": "d/rows-v1", "file": "d.jsonl", "promptField": "p", "answerField": "a", "answerFormat": "gsm8k", "checker": "number" },
              { "id": "d/checker-v1", "file": "d.jsonl", "promptField": "p", "answerField": "a", "checker": "math" } ] }
            """);
        var keep = new ServiceProvider[1];
        var registry = Load(dir, keep);
        using var _ = keep[0];

        var badRow = () => registry.Create("d/rows-v1").Task!.Generate(0, 0);
        var badChecker = () => registry.Create("d/checker-v1");

        badRow.Should().Throw<R1GymException>().WithMessage("*d.jsonl:2: no answer found in field 'a' with answerFormat 'gsm8k'*");
        badChecker.Should().Throw<R1GymException>().WithMessage("*checker 'math'*not registered (known: exact, number)*");
    }

    [Fact]
    public async Task Gsm8k_ships_as_train_and_test_tasks_whose_reference_solutions_score_one()
    {
        var tasks = Path.Combine(TaskPaths.RepositoryRoot(AppContext.BaseDirectory)!, "tasks", "gsm8k");
        using var services = GymHost.Build(plugins: null, tasks);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var train = registry.Create("math/gsm8k-train-v1");
        var test = registry.Create("math/gsm8k-test-v1");
        var problem = test.Task!.Generate(0, 0);
        var solution = test.Task.Solve(problem)!;
        var scores = new List<double>();
        for (int i = 0; i < 200; i++)
        {
            var p = train.Task!.Generate(3, i);
            scores.Add((await train.Task.VerifyAsync(new VerifyArgs(p, train.Task.Solve(p)!))).Score);
        }

        train.Size.Should().Be(7473);
        test.Size.Should().Be(1319);
        registry.Get("math/gsm8k-test-v1").EvaluationOnly.Should().BeTrue();
        registry.Get("math/gsm8k-train-v1").EvaluationOnly.Should().BeFalse();
        problem.Answer.Should().Be("18");
        solution.Should().StartWith("<think>\nJanet sells 16 - 3 - 4 = 9 duck eggs a day.").And.EndWith("</think>\n\\boxed{18}");
        solution.Should().NotContain("<<").And.NotContain("####");
        scores.Should().AllSatisfy(s => s.Should().Be(1));
    }

    [Theory]
    [InlineData("18", "18", true)]
    [InlineData("18", "$18.00", true)]
    [InlineData("1000", "1,000", true)]
    [InlineData("18", "The answer is 18 dollars.", true)]
    [InlineData("18", "17", false)]
    [InlineData("18", "eighteen", false)]
    [InlineData("18", null, false)]
    public void The_number_checker_compares_values(string expected, string? answer, bool correct)
    {
        new NumberChecker().Check(expected, answer).IsCorrect.Should().Be(correct);
    }

    [Fact]
    public void The_number_checker_explains_a_non_numeric_ground_truth()
    {
        new NumberChecker().Check("Paris", "1").Reason.Should().Contain("use the 'exact' checker");
    }
}
