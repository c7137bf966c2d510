using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Sandbox.Isolation;
using R1Gym.Sandbox.Workers;

namespace R1Gym.Sandbox.Tests;

/// <summary>
/// The pool's waits are all bounded: a replacement that never starts, or one that fails, never leaves a renter waiting
/// forever. Each test is bounded by a cancellation token, so a regression fails (cancelled) instead of hanging the run.
/// </summary>
// In the sandbox collection: tests there count worker processes, so no other test may start workers meanwhile.
[Collection(SandboxCollection.Name)]
public sealed class WorkerPoolTests
{
    private static readonly SandboxOptions Options = new() { PoolSize = 1, SpareWorkers = 0, WorkerStartTimeoutMs = 1000 };

    [Fact]
    public async Task A_renter_is_not_left_waiting_when_the_replacement_never_starts()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pool = PoolWhoseLaunch(2, never: true);
        await pool.WarmUpAsync(limit.Token);
        pool.Return(await pool.RentAsync(limit.Token), recycle: true);

        var waiting = () => pool.RentAsync(limit.Token);

        await waiting.Should().ThrowAsync<InvalidOperationException>().WithMessage("*did not start within*",
            "the launch hangs, so the renter must get an error (the answer's sandbox_error), not wait for it forever");
        limit.IsCancellationRequested.Should().BeFalse();
        var next = await pool.RentAsync(limit.Token);
        (await next.ProbeAsync(limit.Token)).Should().NotBeNull("the next renter starts a fresh worker that answers");
        pool.Return(next, recycle: false);
    }

    [Fact]
    public async Task A_failed_replacement_is_started_again_and_the_pool_recovers()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pool = PoolWhoseLaunch(2, never: false);
        await pool.WarmUpAsync(limit.Token);
        pool.Return(await pool.RentAsync(limit.Token), recycle: true);

        // A renter that arrives while the failing launch is in flight sees its error; one that arrives after it starts a new worker.
        WorkerProcess? next = null;
        int errors = 0;
        while (next is null && errors < 2)
        {
            try
            {
                next = await pool.RentAsync(limit.Token);
            }
            catch (InvalidOperationException e)
            {
                e.Message.Should().Contain("launch 2 refused");
                errors++;
            }
        }

        errors.Should().BeLessThan(2);
        (await next!.ProbeAsync(limit.Token)).Should().NotBeNull();
        pool.Return(next, recycle: false);
        pool.WorkersStarted.Should().Be(3);
    }

    [Fact]
    public async Task A_renter_waiting_on_a_start_that_hangs_observes_its_cancellation()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pool = PoolWhoseLaunch(1, never: true);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);

        var renting = pool.RentAsync(cancel.Token);
        cancel.CancelAfter(300);

        await renting.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        limit.IsCancellationRequested.Should().BeFalse();
    }

    /// <summary>A pool of one lease and no spare whose launch number <paramref name="bad"/> hangs forever (ignoring cancellation) or fails; every other launch starts a real worker.</summary>
    private static WorkerPool PoolWhoseLaunch(int bad, bool never)
    {
        var report = IsolationProbe.Run(Options);
        var plan = LaunchPlan.For(Options, report);
        int launches = 0;
        return new WorkerPool(Options, NullLogger.Instance, (name, ct) =>
        {
            int n = Interlocked.Increment(ref launches);
            if (n != bad)
                return WorkerProcess.StartAsync(plan, Options, name, ct);
            return never ? new TaskCompletionSource<WorkerProcess>().Task : Task.FromException<WorkerProcess>(new InvalidOperationException($"launch {n} refused"));
        }, launchGraceMs: 500);
    }
}
