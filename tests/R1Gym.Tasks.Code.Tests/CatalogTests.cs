using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Tasks.Code.Exercism;

namespace R1Gym.Tasks.Code.Tests;

public sealed class CatalogTests
{
    private readonly TaskRegistry _registry = TaskRegistry.FromPlugins(new CodePlugin());

    [Fact]
    public void The_plugin_registers_at_least_sixty_exercises_plus_the_suite_and_three_generators()
    {
        var ids = _registry.All.Select(d => d.Id).ToList();

        ExerciseCatalog.All.Should().HaveCountGreaterThanOrEqualTo(60);
        ids.Should().Contain(ExerciseCatalog.All.Select(e => e.Id));
        ids.Should().Contain(["code/exercism-v1", "code/multiples-sum-v1", "code/array-transform-v1", "code/string-transform-v1"]);
        _registry.Failures.Should().BeEmpty();
    }

    [Fact]
    public void Every_exercise_has_tests_a_signature_per_entry_point_and_a_reference_class()
    {
        foreach (var exercise in ExerciseCatalog.All)
        {
            var specs = JsonNode.Parse(exercise.SpecsJson)!.AsArray();

            specs.Should().HaveCount(exercise.Signatures.Count, exercise.Slug);
            specs.Should().OnlyContain(s => s!["tests"]!.AsArray().Count > 0, exercise.Slug);
            exercise.Reference.Should().Contain("public static class Solution", exercise.Slug);
            exercise.Instructions.Should().NotBeNullOrWhiteSpace(exercise.Slug);
        }
    }

    [Fact]
    public void The_prompt_shows_the_description_the_exact_signatures_and_asks_for_one_csharp_block()
    {
        var task = _registry.Create("code/acronym-v1").RequireTask();

        var problem = task.Generate(0, 0);

        problem.Prompt.Should().Contain("Acronym").And.Contain("Portable Network Graphics")
            .And.Contain("public static string Abbreviate(string phrase)").And.Contain("```csharp");
        problem.Answer.Should().Contain("Abbreviate");
    }

    [Fact]
    public void The_suite_visits_each_exercise_once_over_indexes_zero_to_count_minus_one()
    {
        var instance = _registry.Create("code/exercism-v1");
        var task = instance.RequireTask();

        var slugs = Enumerable.Range(0, instance.Size!.Value).Select(i => task.Generate(3, i).Metadata["exercise"]).ToList();

        slugs.Should().Equal(ExerciseCatalog.All.Select(e => e.Slug));
        task.Generate(3, instance.Size.Value).Prompt.Should().Be(task.Generate(3, 0).Prompt);
    }

    [Fact]
    public void Every_reference_solution_is_in_the_r1_format_with_the_code_in_a_csharp_block()
    {
        var task = _registry.Create("code/exercism-v1").RequireTask();

        var solution = task.Solve(task.Generate(0, 5))!;

        R1Format.Reasoning(solution).Should().NotBeNullOrWhiteSpace();
        CodeBlocks.LastCSharp(Answers.AfterThink(solution)).Should().Be(ExerciseCatalog.All[5].Reference);
    }

    [Theory]
    [InlineData(10, new[] { 3, 5 }, 23)]
    [InlineData(1000, new[] { 3, 5 }, 233168)]
    [InlineData(0, new[] { 7 }, 0)]
    [InlineData(1, new[] { 2 }, 0)]
    [InlineData(20, new[] { 4, 6 }, 4 + 6 + 8 + 12 + 16 + 18)]
    [InlineData(2_000_000_000, new[] { 2 }, 999_999_999_000_000_000)]
    public void Multiples_sums_by_inclusion_exclusion_match_known_values(long n, int[] factors, long expected)
    {
        var sum = Procedural.MultiplesSumTask.SumBelow(n, factors);

        sum.Should().Be(expected);
    }

    [Theory]
    [InlineData("code/multiples-sum-v1", """{"difficulty": 4}""", "Difficulty")]
    [InlineData("code/array-transform-v1", """{"maxLength": 0}""", "MaxLength")]
    [InlineData("code/string-transform-v1", """{"tests": 51}""", "Tests")]
    [InlineData("code/acronym-v1", """{"timeLimitMs": 50}""", "TimeLimitMs")]
    public void Out_of_range_options_are_rejected_naming_the_option(string id, string options, string name)
    {
        var create = () => _registry.Create(id, JsonNode.Parse(options)!.AsObject());

        create.Should().Throw<R1GymException>().Which.Message.Should().Contain(name);
    }
}
