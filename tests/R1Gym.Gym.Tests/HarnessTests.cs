using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

/// <summary>R1Gym.Testing's harness: a plugin's tasks in-process, checked by the same code as <c>r1gym check</c>.</summary>
public sealed class HarnessTests
{
    [Fact]
    public async Task The_harness_and_the_host_give_the_same_conformance_results()
    {
        var plugin = new SamplePlugin();
        var harness = PluginHarness.For(plugin);
        var registry = TaskRegistry.FromPlugins(plugin);

        var fromHarness = await harness.CheckAllAsync();
        var fromHost = await Conformance.CheckAllAsync(registry);

        harness.TaskIds.Should().Equal(registry.All.Select(d => d.Id));
        fromHarness.Select(r => r.ToString()).Should().Equal(fromHost.Select(r => r.ToString()));
    }

    [Fact]
    public async Task A_failed_report_throws_with_every_failed_check_in_the_message()
    {
        var harness = PluginHarness.For(new SamplePlugin());
        var reports = await harness.CheckAllAsync();
        var broken = new ConformanceReport("x/broken-v1", [new ConformanceResult("reference", ConformanceStatus.Failed, "scored 0")]);

        var passing = () => reports.ThrowIfAnyFailed();
        var failing = () => reports.Append(broken).ThrowIfAnyFailed();
        var none = () => Array.Empty<ConformanceReport>().ThrowIfAnyFailed();

        passing.Should().NotThrow();
        failing.Should().Throw<ConformanceException>().WithMessage("*x/broken-v1: FAILED*reference: scored 0*");
        none.Should().Throw<R1GymException>().WithMessage("*No task was checked*");
    }

    [Fact]
    public void Registration_follows_the_host_rules_for_ids_and_options()
    {
        var badId = () => PluginHarness.For(new LambdaPlugin(t => t.AddTask<NoOptions>("NotAnId", o => null!)));
        var harness = PluginHarness.For(new SamplePlugin());
        var id = harness.TaskIds[0];

        var unknownOption = () => harness.Create(id, new JsonObject { ["nope"] = 1 });
        var unknownId = () => harness.Create("x/unknown-v1");

        badId.Should().Throw<R1GymException>().WithMessage("*Invalid task id 'NotAnId'*");
        unknownOption.Should().Throw<TaskOptionsException>().WithMessage("*nope*");
        unknownId.Should().Throw<R1GymException>().WithMessage($"*Unknown task id 'x/unknown-v1'*{id}*");
    }

    [Fact]
    public async Task Playing_the_reference_policy_of_a_single_turn_task_is_one_winning_step()
    {
        var harness = PluginHarness.For(new SamplePlugin());
        const string id = "arith/addition-v1";

        var episode = await harness.PlayReferenceAsync(id, seed: 2, index: 1);
        var verdict = await harness.VerifyAsync(id, episode.Steps[0].Action, seed: 2, index: 1);

        episode.Steps.Should().ContainSingle();
        episode.Terminated.Should().BeTrue();
        episode.FinalReward.Should().Be(1.0);
        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
        CompletionFormat.Check(episode.Steps[0].Action).Should().BeNull();
    }
}
