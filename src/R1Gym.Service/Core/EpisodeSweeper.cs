using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace R1Gym.Service.Core;

/// <summary>Removes expired episodes in the background, so abandoned ones do not hold memory until their next use.</summary>
internal sealed class EpisodeSweeper(EpisodeStore store, IOptions<ServiceOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.EpisodeIdleSeconds / 4.0, 1, 60));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                store.Sweep();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
