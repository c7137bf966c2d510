using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Reset determinism, the reference policy reaching a terminal reward of 1, and hostile actions for environments.</summary>
internal static class EnvironmentChecks
{
    public static async Task<IReadOnlyList<ConformanceResult>> RunAsync(
        CreatedTask instance, CreatedTask twin, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ConformanceResult>();
        int episodes = Math.Max(1, Math.Min(options.Samples, 4));
        try
        {
            results.Add(await DeterminismAsync(instance, twin, episodes, options, cancellationToken).ConfigureAwait(false));
            results.Add(await ReferenceAsync(instance, episodes, options, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            results.Add(Checks.Fail("episode", $"the environment threw {Checks.Describe(e)}"));
            return results;
        }
        results.AddRange(await HostileAsync(instance, options, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<ConformanceResult> DeterminismAsync(
        CreatedTask instance, CreatedTask twin, int episodes, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var observations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in options.Seeds)
        {
            for (int index = 0; index < episodes; index++)
            {
                var a = instance.CreateEnvironment();
                var b = twin.CreateEnvironment();
                var first = await a.ResetAsync(seed, index, cancellationToken).ConfigureAwait(false);
                var second = await b.ResetAsync(seed, index, cancellationToken).ConfigureAwait(false);
                if (first.Text != second.Text)
                    return Checks.Fail("determinism", $"reset({seed}, {index}) gave different observations");
                observations.Add(first.Text);
                // Follow the reference policy in lockstep for a few steps: the same actions must give the same trajectory.
                for (int step = 0; step < 5 && a.ReferenceAction() is { } action; step++)
                {
                    var x = await Checks.WithTimeout(ct => a.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                    var y = await Checks.WithTimeout(ct => b.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                    if (x.Observation != y.Observation || x.Reward != y.Reward || x.Done != y.Done)
                        return Checks.Fail("determinism", $"({seed}, {index}) step {step + 1}: the same action gave different results");
                    if (x.Done)
                        break;
                }
            }
        }
        return Checks.Pass("determinism", $"{options.Seeds.Count * episodes} episodes reset and step reproducibly ({observations.Count} distinct starts)");
    }

    private static async Task<ConformanceResult> ReferenceAsync(
        CreatedTask instance, int episodes, ConformanceOptions options, CancellationToken cancellationToken)
    {
        int played = 0;
        for (int index = 0; index < episodes; index++)
        {
            var episode = await ReferencePolicy.PlayAsync(
                instance.CreateEnvironment(), options.Seeds[0], index, options.MaxEpisodeSteps, options.Timeout, cancellationToken).ConfigureAwait(false);
            if (episode.Steps.Count == 0)
                continue;
            if (!episode.Terminated)
                return Checks.Fail("reference", $"episode {index}: the reference policy did not reach a terminal state in {episode.Steps.Count} steps");
            if (episode.FinalReward < 1.0)
                return Checks.Fail("reference", $"episode {index}: the reference policy ended with reward {episode.FinalReward}, expected 1");
            played++;
        }
        return played == 0
            ? Checks.Skip("reference", "the environment has no reference policy")
            : Checks.Pass("reference", $"the reference policy wins {played} episodes");
    }

    private static async Task<IReadOnlyList<ConformanceResult>> HostileAsync(CreatedTask instance, ConformanceOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ConformanceResult>();
        var probe = new Problem("", "");
        foreach (var (name, action) in HostileCompletions.For(probe))
        {
            var check = $"hostile/{name}";
            try
            {
                var env = instance.CreateEnvironment();
                await env.ResetAsync(options.Seeds[0], 0, cancellationToken).ConfigureAwait(false);
                var step = await Checks.WithTimeout(ct => env.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add(!double.IsFinite(step.Reward) ? Checks.Fail(check, $"reward {step.Reward} is not finite")
                    : step.Terminated && step.Reward > 0 ? Checks.Fail(check, $"the episode ended with reward {step.Reward}, expected 0")
                    : Checks.Pass(check, $"reward {step.Reward}{(step.Done ? ", episode over" : "")}"));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                results.Add(Checks.Fail(check, $"the environment threw {Checks.Describe(e)}; it must answer invalid actions with feedback"));
            }
        }
        return results;
    }
}
