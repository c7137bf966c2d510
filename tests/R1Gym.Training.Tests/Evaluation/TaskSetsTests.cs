using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Training.Demo;
using R1Gym.Training.Evaluation;

namespace R1Gym.Training.Tests.Evaluation;

public sealed class TaskSetsTests
{
    /// <summary>Registers only the GSM8K member of math-eval (with a stand-in task), as a checkout without MATH or AIME data would.</summary>
    private sealed class OnlyGsm8k : ITaskPlugin
    {
        public void Register(ITaskCatalog tasks) => tasks.AddTask<AdditionOptions>("math/gsm8k-test-v1", o => new AdditionTask(o));
    }

    [Fact]
    public void A_named_set_expands_to_its_installed_members_and_names_the_missing_ones()
    {
        using var registry = TaskRegistry.FromPlugins(new OnlyGsm8k(), new DemoTasksPlugin());

        var expansion = TaskSets.Expand(["math-eval", AdditionTask.Id, "gsm8k"], registry);

        expansion.Tasks.Should().Equal("math/gsm8k-test-v1", AdditionTask.Id);
        expansion.Missing.Should().Equal("math/math500-v1", "math/aime24-v1", "math/aime25-v1");
    }

    [Fact]
    public void A_set_with_no_installed_member_is_an_error()
    {
        using var registry = TaskRegistry.FromPlugins(new DemoTasksPlugin());

        var act = () => TaskSets.Expand(["aime"], registry);

        act.Should().Throw<R1GymException>().WithMessage("*None of the tasks of set 'aime'*");
    }
}
