namespace Matching.Api.Infrastructure;

/// <summary>
/// <c>dotnet Matching.Api.dll --healthcheck [url]</c>: asks a running API whether it is ready and exits 0 (ready) or 1,
/// for container health checks in images without curl or wget. The default URL is <c>/health/ready</c> on port 8080.
/// </summary>
public static class HealthProbe
{
    public const string Switch = "--healthcheck";
    private const string DefaultUrl = "http://127.0.0.1:8080/health/ready";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Switch;

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            Console.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }
}
