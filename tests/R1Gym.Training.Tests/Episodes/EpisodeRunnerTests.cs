using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class EpisodeRunnerTests
{
    private static readonly ConversationFormat Plain = ConversationFormat.FromPromptRenderer(p => p);

    internal static EpisodeOptions Options(int maxTurns = 8, int chunks = 2) => new()
    {
        MaxTurns = maxTurns,
        MaxTokensPerTurn = 4,
        MaxEpisodeTokens = 60,
        GenerationChunks = chunks,
    };

    internal static IReadOnlyList<Episode> Play(CausalLM model, ITextTokenizer tokenizer, int episodes, int turns, int maxTurns = 8, long seed = 3)
    {
        var runner = new EpisodeRunner(model, tokenizer, Plain, Options(maxTurns));
        var starts = Enumerable.Range(0, episodes).Select(i => new EpisodeStart("test/scripted-v1", new ScriptedEnvironment(turns), 7, i / 2, i % 2)).ToList();
        return runner.Run(starts, new SamplingOptions(), seed);
    }

    [Fact]
    public void Episodes_run_turn_by_turn_with_observations_between_the_policy_turns()
    {
        // Given a three-move game and a tiny random policy
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);

        // When six episodes are played at once
        var episodes = Play(model, tokenizer, episodes: 6, turns: 3);

        // Then each ends after three environment steps (or its invalid moves), and only the policy's tokens are marked
        episodes.Should().HaveCount(6).And.OnlyContain(e => e.Done);
        foreach (var e in episodes)
        {
            e.Tokens.Take(e.PromptTokens).Should().Equal(tokenizer.Encode("Qb"));
            e.PolicyMask.Take(e.PromptTokens).Should().OnlyContain(m => !m);
            e.PolicyTokens.Should().BeGreaterThan(0);
            e.Tokens.Should().HaveCount(e.PolicyMask.Count).And.HaveCount(e.SamplingLogProbs.Count);
            e.Turns.Should().Be(e.Actions.Count);
            (e.EnvironmentSteps == 3 && e.EndReason == "terminated" || e.EndReason is "turn_limit" or "token_limit").Should().BeTrue(e.EndReason);
            e.InvalidActions.Should().Be(e.Actions.Count(a => a.Length == 0));
        }
        // The "bb" observations are context: every observation token has mask 0.
        var observation = tokenizer.Encode("bb");
        foreach (var e in episodes.Where(e => e.Turns > 1))
            ContextRuns(e).Should().Contain(run => run.SequenceEqual(observation));
    }

    [Fact]
    public void The_same_seed_plays_the_same_episodes_and_a_turn_limit_truncates()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);

        var first = Play(model, tokenizer, episodes: 4, turns: 5, maxTurns: 2);
        var second = Play(model, tokenizer, episodes: 4, turns: 5, maxTurns: 2);

        first.Select(e => e.Tokens).Should().BeEquivalentTo(second.Select(e => e.Tokens), o => o.WithStrictOrdering());
        first.Should().OnlyContain(e => e.Truncated && e.EndReason == "turn_limit" && e.Turns == 2 && !e.Won);
        EpisodeMetrics.Summarize(first, EpisodeReturn.Sum).Should().Contain("episode/truncated_ratio", 1.0)
            .And.Contain("episode/turns_mean", 2.0).And.ContainKeys("episode/win_rate", "episode/return_mean", "episode/tokens_per_turn");
    }

    [Fact]
    public void Episode_returns_are_terminal_summed_or_discounted()
    {
        var episode = new Episode("t", 0, 0, 0);
        episode.Rewards.AddRange([0.5, 0.0, 1.0]);

        episode.Return(EpisodeReturn.Terminal).Should().Be(1.0);
        episode.Return(EpisodeReturn.Sum).Should().Be(1.5);
        episode.Return(EpisodeReturn.Discounted, 0.5).Should().Be(0.5 + 0 + 0.25);
    }

    [Fact]
    public void Advantages_compare_the_episodes_of_one_group_only()
    {
        var episodes = new[] { (0, 1.0), (0, 0.0), (1, 1.0), (1, 1.0) }.Select(x =>
        {
            var e = new Episode("t", 7, x.Item1, 0);
            e.Rewards.Add(x.Item2);
            return e;
        }).ToList();

        var advantages = EpisodeGroups.Advantages(episodes, groupSize: 2, EpisodeReturn.Sum, scaleByStd: false);

        advantages.Should().Equal(0.5f, -0.5f, 0f, 0f);
        var mixed = new[] { episodes[0], episodes[2], episodes[1], episodes[3] };
        var act = () => EpisodeGroups.Advantages(mixed, 2, EpisodeReturn.Sum);
        act.Should().Throw<R1GymException>().WithMessage("*one group*index 0*index 1*group-major*");
    }

    [Fact]
    public async Task Reference_episodes_become_one_sft_example_per_turn_with_the_conversation_so_far()
    {
        var examples = await ReferenceEpisodes.ExamplesAsync(() => new ScriptedEnvironment(2), Plain, "|", seed: 1, count: 3);

        examples.Should().HaveCount(6);
        examples[0].Should().Be(new SftExample("Qb", "aa"));
        examples[1].Should().Be(new SftExample("Qbaa|bb", "aa"));
    }

    private static List<List<int>> ContextRuns(Episode e)
    {
        var runs = new List<List<int>>();
        for (int t = e.PromptTokens; t < e.Tokens.Count; t++)
        {
            if (e.PolicyMask[t])
                continue;
            if (t == e.PromptTokens || e.PolicyMask[t - 1])
                runs.Add([]);
            runs[^1].Add(e.Tokens[t]);
        }
        return runs;
    }
}
