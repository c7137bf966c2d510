using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Training;

/// <summary>
/// Cold-start data for environments: episodes played by the environment's reference policy (<see cref="IEnvironment.ReferenceAction"/>),
/// one SFT example per turn (the conversation so far as the prompt, the reference action as the completion), so the
/// single-turn SFT trainer learns multi-turn play.
/// </summary>
public static class ReferenceEpisodes
{
    /// <summary>Plays episodes <c>0..count-1</c> of <paramref name="seed"/>; episodes whose reference policy gives up are kept up to that turn.</summary>
    /// <param name="turnEnd">The text of the EOS token (<c>tokenizer.Decode([tokenizer.EosId])</c>), which closes each earlier turn in the prompt as it does in episodes.</param>
    /// <param name="wonOnly">Keep only the turns of episodes the reference policy won.</param>
    public static async Task<IReadOnlyList<SftExample>> ExamplesAsync(Func<IEnvironment> createEnvironment, ConversationFormat format, string turnEnd,
        long seed, int count, int maxTurns = 16, bool wonOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createEnvironment);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(turnEnd);
        var examples = new List<SftExample>();
        for (int index = 0; index < count; index++)
        {
            var env = createEnvironment();
            var observation = await env.ResetAsync(seed, index, cancellationToken).ConfigureAwait(false);
            var conversation = format.First(observation.Text, null);
            var turns = new List<SftExample>();
            bool won = false;
            for (int turn = 0; turn < maxTurns && env.ReferenceAction() is { } action; turn++)
            {
                var completion = SftData.JoinAfterPrompt(conversation, action);
                turns.Add(new SftExample(conversation, completion));
                var step = await env.StepAsync(action, cancellationToken).ConfigureAwait(false);
                if (step.Done)
                {
                    won = step.Terminated && (step.Verdict?.IsCorrect ?? step.Reward >= 1.0);
                    break;
                }
                conversation += completion + turnEnd + format.Next(step.Observation);
            }
            if (!wonOnly || won)
                examples.AddRange(turns);
        }
        return examples;
    }
}
