using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class RegistryTests
{
    [Fact]
    public void Registered_tasks_are_listed_with_domain_kind_and_source()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var all = registry.All;

        all.Select(d => d.Id).Should().Equal("arith/addition-v1", "games/guess-v1");
        var addition = all[0];
        addition.Domain.Should().Be("arith");
        addition.Kind.Should().Be(TaskKind.SingleTurn);
        addition.SourceKind.Should().Be(TaskSourceKind.Plugin);
        addition.Source.Should().Be(typeof(SamplePlugin).Assembly.GetName().Name);
        addition.Description.Should().Be("Add numbers");
        addition.OptionsType.Should().Be<AdditionOptions>();
        addition.EvaluationOnly.Should().BeFalse();
        all[1].Kind.Should().Be(TaskKind.MultiTurn);
    }

    [Fact]
    public void A_duplicate_id_within_one_plugin_is_refused_and_the_plugin_reported()
    {
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(tasks =>
        {
            tasks.AddTask<NoOptions>("x/dup-v1", _ => new AdditionTask(new AdditionOptions()));
            tasks.AddTask<NoOptions>("x/dup-v1", _ => new AdditionTask(new AdditionOptions()));
        }));

        registry.All.Should().BeEmpty("a plugin registers all of its tasks or none");
        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain("'x/dup-v1' is registered twice");
    }

    [Fact]
    public void A_duplicate_id_across_plugins_is_refused_naming_the_first_owner()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin(), new LambdaPlugin(tasks =>
            tasks.AddTask<AdditionOptions>("arith/addition-v1", o => new AdditionTask(o))));

        registry.All.Should().HaveCount(2);
        registry.Create("arith/addition-v1").Task.Should().BeOfType<AdditionTask>();
        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain("already registers it");
    }

    [Fact]
    public void A_failure_stays_reported_when_a_later_plugin_of_the_same_assembly_loads()
    {
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(_ => throw new InvalidOperationException("first broke")), new SamplePlugin());

        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain("first broke");
        registry.All.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("no-slash-v1")]
    [InlineData("math/no-version")]
    [InlineData("Math/upper-v1")]
    [InlineData("math/ space-v1")]
    [InlineData("")]
    public void Ids_must_follow_domain_slash_name_dash_version(string id)
    {
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(tasks => tasks.AddTask<NoOptions>(id, _ => null!)));

        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain("expected 'domain/name-vN'");
    }

    [Fact]
    public void An_unknown_id_fails_with_did_you_mean()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var act = () => registry.Create("arith/adition-v1");

        act.Should().Throw<UnknownTaskException>()
            .Which.Message.Should().Contain("Unknown task id 'arith/adition-v1'").And.Contain("Did you mean 'arith/addition-v1'");
    }

    [Fact]
    public void Suggestions_match_a_missing_version_or_domain()
    {
        var known = new[] { "math/arithmetic-v1", "math/arithmetic-v2", "logic/sudoku-v1" };

        TaskIds.Suggest("math/arithmetic", known).Should().Contain("math/arithmetic-v1");
        TaskIds.Suggest("sudoku", known).Should().Equal("logic/sudoku-v1");
        TaskIds.Suggest("zzz/qqq-v9", known).Should().BeEmpty();
    }

    [Fact]
    public void Find_returns_null_and_Get_throws_for_unknown_ids()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        registry.Find("nope/none-v1").Should().BeNull();
        registry.Find("games/guess-v1").Should().NotBeNull();
        ((Action)(() => registry.Get("nope/none-v1"))).Should().Throw<UnknownTaskException>();
    }

    [Fact]
    public void Options_bind_from_json_case_insensitively()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var instance = registry.Create("arith/addition-v1", new JsonObject { ["digits"] = 3, ["Terms"] = "4" });

        instance.Options.Should().Be(new AdditionOptions { Digits = 3, Terms = 4 });
        instance.Task!.Generate(0, 0).Difficulty.Should().Be(3);
    }

    [Fact]
    public void Bad_options_are_rejected_with_every_failure_at_once()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var act = () => registry.Create("arith/addition-v1", new JsonObject { ["digits"] = 0, ["terms"] = 9 });

        var error = act.Should().Throw<TaskOptionsException>().Which;
        error.Errors.Should().HaveCount(2);
        error.Message.Should().Contain("Digits").And.Contain("Terms").And.Contain("arith/addition-v1");
    }

    [Fact]
    public void Cross_field_rules_run_even_when_attributes_pass()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var act = () => registry.Create("arith/addition-v1", new JsonObject { ["digits"] = 9, ["terms"] = 5 });

        act.Should().Throw<TaskOptionsException>().WithMessage("*Digits x Terms must be at most 30*");
    }

    [Fact]
    public void Unknown_options_and_wrong_types_are_rejected_listing_the_known_ones()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());

        var unknown = () => registry.Create("arith/addition-v1", new JsonObject { ["digit"] = 3 });
        var wrongType = () => registry.Create("arith/addition-v1", new JsonObject { ["digits"] = "many" });

        unknown.Should().Throw<TaskOptionsException>().WithMessage("*digit*known options: digits, terms*");
        wrongType.Should().Throw<TaskOptionsException>().WithMessage("*$.digits*");
    }

    [Fact]
    public async Task Single_turn_tasks_play_as_one_step_episodes()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());
        var env = registry.Create("arith/addition-v1").CreateEnvironment();

        var observation = await env.ResetAsync(1, 2);
        var reference = env.ReferenceAction();
        var step = await env.StepAsync(reference!);

        observation.Text.Should().StartWith("What is");
        step.Terminated.Should().BeTrue();
        step.Reward.Should().Be(1);
        step.Verdict!.IsCorrect.Should().BeTrue();
        env.ReferenceAction().Should().BeNull();
        await FluentActions.Awaiting(() => env.StepAsync("again").AsTask()).Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task Environments_are_created_once_per_episode_slot()
    {
        var registry = TaskRegistry.FromPlugins(new SamplePlugin());
        var instance = registry.Create("games/guess-v1", new JsonObject { ["max"] = 10 });

        var a = instance.CreateEnvironment();
        var b = instance.CreateEnvironment();
        await a.ResetAsync(0, 0);

        a.Should().NotBeSameAs(b);
        instance.IsSingleTurn.Should().BeFalse();
        ((Action)(() => instance.RequireTask())).Should().Throw<R1GymException>().WithMessage("*multi-turn*CreateEnvironment*");
    }

    [Fact]
    public void Checkers_include_the_built_ins_and_those_plugins_register()
    {
        var checker = new ExactChecker();
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(tasks => tasks.AddChecker("mine", checker)));

        registry.Checkers.Should().Equal("exact", "mine", "number");
        registry.FindChecker("MINE").Should().BeSameAs(checker);
    }

    [Fact]
    public void A_checker_name_taken_by_another_source_is_refused()
    {
        var registry = TaskRegistry.FromPlugins(new LambdaPlugin(tasks => tasks.AddChecker("number", new ExactChecker())));

        registry.Failures.Should().ContainSingle().Which.Reason.Should().Contain("Checker 'number'").And.Contain("gym already registers it");
    }

    [Fact]
    public void Plugins_resolve_host_services_lazily_in_their_factories()
    {
        var services = new ServiceProviderStub(new FakeRunner());
        IServiceProvider? seen = null;
        var registry = TaskRegistry.FromPlugins([new LambdaPlugin(tasks =>
            tasks.AddTask<NoOptions>("code/uses-runner-v1", _ =>
            {
                seen = tasks.Services;
                return new AdditionTask(new AdditionOptions());
            }))], services);

        registry.Create("code/uses-runner-v1");

        seen!.GetService(typeof(ICodeRunner)).Should().BeOfType<FakeRunner>();
    }

    private sealed class FakeRunner : ICodeRunner
    {
        public ValueTask<CodeRunResult> RunAsync(CodeRunRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new CodeRunResult("accepted", 1, 1));
    }

    private sealed class ServiceProviderStub(ICodeRunner runner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(ICodeRunner) ? runner : null;
    }
}
