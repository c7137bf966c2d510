using R1Gym.Abstractions;

namespace R1Gym.Training.Tests;

public sealed class MixtureTests
{
    [Fact]
    public void A_mixture_parses_weights_and_draws_tasks_in_proportion_reproducibly()
    {
        var mixture = TaskMixture.Parse(["game/nim-v1:3", "math/addition-v1:1"]);

        var draws = Enumerable.Range(0, 4000).Select(i => mixture.Pick(9, i)).ToList();

        mixture.WeightOf("game/nim-v1").Should().Be(0.75);
        draws.Count(d => d == "game/nim-v1").Should().BeInRange(2800, 3200);
        Enumerable.Range(0, 4000).Select(i => mixture.Pick(9, i)).Should().Equal(draws);
        TaskWeight.Parse("game/nim-v1").Should().Be(new TaskWeight("game/nim-v1", 1));
        var bad = () => TaskWeight.Parse("game/nim-v1:-1");
        bad.Should().Throw<R1GymException>().WithMessage("*positive weight*");
    }

    [Fact]
    public void A_curriculum_raises_the_option_when_the_running_success_passes_the_threshold()
    {
        var curriculum = new Curriculum([new CurriculumRule("game/nim-v1", "MaxHeap", Start: 3, Max: 4) { Window = 4, Threshold = 0.75 }]);
        Episode Played(bool won) => new("game/nim-v1", 0, 0, 0) { Won = won };

        curriculum.Observe([Played(true), Played(false), Played(true)]).Should().BeEmpty();
        curriculum.OptionsFor("game/nim-v1")!["MaxHeap"]!.GetValue<int>().Should().Be(3);
        curriculum.Observe([Played(true)]).Should().Equal("game/nim-v1");
        curriculum.OptionsFor("game/nim-v1")!["MaxHeap"]!.GetValue<int>().Should().Be(4);
        curriculum.Observe(Enumerable.Range(0, 8).Select(_ => Played(true))).Should().BeEmpty("the level is at its maximum");
        curriculum.Metrics().Should().Contain("curriculum/game/nim-v1/level", 4.0);
        curriculum.OptionsFor("math/addition-v1").Should().BeNull();
    }
}
