using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SseOrleans.Abstractions;

namespace SseOrleans.SamplePublisher;

/// <summary>Every second: the time on <c>/time</c>, and now and then a dog or a cat under <c>/pets</c>.</summary>
internal sealed partial class DemoPublisher(IClusterClient client, ILogger<DemoPublisher> logger) : BackgroundService
{
    private static readonly string[] Dogs = ["Corgi", "Beagle", "Dachshund", "Husky", "Poodle"];
    private static readonly string[] Cats = ["Persian", "Siamese", "Maine Coon", "Sphynx", "Bengal"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var tick = 0; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            await client.PublishAsync("/time", "time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            if (tick % 3 == 0)
            {
                var dog = Dogs[Random.Shared.Next(Dogs.Length)];
                await client.PublishAsync("/pets/dogs", "new-dog", dog);
                LogPublished(logger, "/pets/dogs", dog);
            }

            if (tick % 5 == 0)
            {
                var cat = Cats[Random.Shared.Next(Cats.Length)];
                await client.PublishAsync("/pets/cats", "new-cat", cat);
                LogPublished(logger, "/pets/cats", cat);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Published {Data} to {Namespace}")]
    private static partial void LogPublished(ILogger logger, string @namespace, string data);
}
