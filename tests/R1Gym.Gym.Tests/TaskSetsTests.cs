using R1Gym.Abstractions;
using R1Gym.Gym;
namespace R1Gym.Gym.Tests;

public sealed class TaskSetsTests
{
    private const string StandInId = "demo/addition-v1";

    private sealed record StandInOptions : TaskOptions;

    /// <summary>A task whose content does not matter here: only its id in the registry does.</summary>
    private sealed class StandInTask(StandInOptions options) : ReasoningTask<StandInOptions>(options)
    {
        protected override Problem Create(Random random, int index) => new("1+1", "2");
        protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken ct) => ValueTask.FromResult(Verdict.Wrong("stand-in"));
        public override string Solve(Problem problem) => R1Format.Compose("1+1=2", "2");
    }

    private sealed class StandInPlugin : ITaskPlugin
    {
        public void Register(ITaskCatalog tasks) => tasks.AddTask<StandInOptions>(StandInId, o => new StandInTask(o));
    }

    /// <summary>Registers only the GSM8K member of math-eval (with a stand-in task), as a checkout without MATH or AIME data would.</summary>
    private sealed class OnlyGsm8k : ITaskPlugin
    {
        public void Register(ITaskCatalog tasks) => tasks.AddTask<StandInOptions>("math/gsm8k-test-v1", o => new StandInTask(o));
    }

    [Fact]
    public void A_named_set_expands_to_its_installed_members_and_names_the_missing_ones()
    {
        using var registry = TaskRegistry.FromPlugins(new OnlyGsm8k(), new StandInPlugin());

        var expansion = TaskSets.Expand(["math-eval", StandInId, "gsm8k"], registry);

        expansion.Tasks.Should().Equal("math/gsm8k-test-v1", StandInId);
        expansion.Missing.Should().Equal("math/math500-v1", "math/aime24-v1", "math/aime25-v1");
    }

    [Fact]
    public void A_set_with_no_installed_member_is_an_error()
    {
        using var registry = TaskRegistry.FromPlugins(new StandInPlugin());

        var act = () => TaskSets.Expand(["aime"], registry);

        act.Should().Throw<R1GymException>().WithMessage("*None of the tasks of set 'aime'*");
    }
}
