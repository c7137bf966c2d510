using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>Reset determinism, the reference policy reaching a terminal reward of 1, and hostile actions for environments.</summary>
internal static class EnvironmentChecks
{
    public static async Task<IReadOnlyList<ConformanceResult>> RunAsync(
        TaskInstance instance, TaskInstance twin, ConformanceOptions options, CancellationToken cancellationToken)
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
            results.Add(Conformance.Fail("episode", $"the environment threw {Conformance.Describe(e)}"));
            return results;
        }
        results.AddRange(await HostileAsync(instance, options, cancellationToken).ConfigureAwait(false));
        return results;
    }

    private static async Task<ConformanceResult> DeterminismAsync(
        TaskInstance instance, TaskInstance twin, int episodes, ConformanceOptions options, CancellationToken cancellationToken)
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
                    return Conformance.Fail("determinism", $"reset({seed}, {index}) gave different observations");
                observations.Add(first.Text);
                // Follow the reference policy in lockstep for a few steps: the same actions must give the same trajectory.
                for (int step = 0; step < 5 && a.ReferenceAction() is { } action; step++)
                {
                    var x = await Conformance.WithTimeout(ct => a.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                    var y = await Conformance.WithTimeout(ct => b.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                    if (x.Observation != y.Observation || x.Reward != y.Reward || x.Done != y.Done)
                        return Conformance.Fail("determinism", $"({seed}, {index}) step {step + 1}: the same action gave different results");
                    if (x.Done)
                        break;
                }
            }
        }
        return Conformance.Pass("determinism", $"{options.Seeds.Count * episodes} episodes reset and step reproducibly ({observations.Count} distinct starts)");
    }

    private static async Task<ConformanceResult> ReferenceAsync(
        TaskInstance instance, int episodes, ConformanceOptions options, CancellationToken cancellationToken)
    {
        int played = 0;
        for (int index = 0; index < episodes; index++)
        {
            var env = instance.CreateEnvironment();
            await env.ResetAsync(options.Seeds[0], index, cancellationToken).ConfigureAwait(false);
            if (env.ReferenceAction() is null)
                continue;
            StepResult? last = null;
            int steps = 0;
            while (steps < options.MaxEpisodeSteps && env.ReferenceAction() is { } action)
            {
                last = await Conformance.WithTimeout(ct => env.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                steps++;
                if (last.Done)
                    break;
            }
            if (last is not { Terminated: true })
                return Conformance.Fail("reference", $"episode {index}: the reference policy did not reach a terminal state in {steps} steps");
            if (last.Reward < 1.0)
                return Conformance.Fail("reference", $"episode {index}: the reference policy ended with reward {last.Reward}, expected 1");
            played++;
        }
        return played == 0
            ? Conformance.Skip("reference", "the environment has no reference policy")
            : Conformance.Pass("reference", $"the reference policy wins {played} episodes");
    }

    private static async Task<IReadOnlyList<ConformanceResult>> HostileAsync(TaskInstance instance, ConformanceOptions options, CancellationToken cancellationToken)
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
                var step = await Conformance.WithTimeout(ct => env.StepAsync(action, ct), options.Timeout, cancellationToken).ConfigureAwait(false);
                results.Add(!double.IsFinite(step.Reward) ? Conformance.Fail(check, $"reward {step.Reward} is not finite")
                    : step.Terminated && step.Reward > 0 ? Conformance.Fail(check, $"the episode ended with reward {step.Reward}, expected 0")
                    : Conformance.Pass(check, $"reward {step.Reward}{(step.Done ? ", episode over" : "")}"));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                results.Add(Conformance.Fail(check, $"the environment threw {Conformance.Describe(e)}; it must answer invalid actions with feedback"));
            }
        }
        return results;
    }
}
