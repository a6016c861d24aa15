using System.IO.Compression;
using FastEndpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.ResponseCompression;

namespace Matching.Api.Infrastructure;

/// <summary>Settings of the HTTP layer: <c>Compression:Enabled</c> and <c>Cors:AllowedOrigins</c>.</summary>
public sealed record HttpSettings(bool Compression, IReadOnlyList<string> CorsOrigins)
{
    public const string CorsPolicy = "configured-origins";

    public static HttpSettings From(IConfiguration config)
    {
        var origins = config.GetSection("Cors:AllowedOrigins").Get<string[]>()
                      ?? config["Cors:AllowedOrigins"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                      ?? [];
        foreach (var origin in origins)
            if (origin != "*" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"))
                throw new InvalidOperationException($"Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port]) or *.");
        return new HttpSettings(config.GetValue<bool?>("Compression:Enabled") ?? true, origins.Select(o => o.TrimEnd('/')).ToList());
    }
}

public static class HttpSetup
{
    /// <summary>Response compression (br, gzip; negotiated; on unless Compression:Enabled is false) and CORS (off unless origins are configured).</summary>
    public static IServiceCollection AddHttpManners(this IServiceCollection services, HttpSettings settings)
    {
        if (settings.Compression)
        {
            services.AddResponseCompression(o =>
            {
                // Answers carry no secrets next to client-chosen text, so compressing over HTTPS does not expose one (BREACH).
                o.EnableForHttps = true;
                o.Providers.Add<BrotliCompressionProvider>();
                o.Providers.Add<GzipCompressionProvider>();
                o.MimeTypes = ["application/json", "application/problem+json", "text/html", "text/css", "text/javascript", "application/javascript"];
            });
            // The fastest levels: /match answers shrink 5–10× even so, and the cores stay with matching.
            services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
            services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        }
        if (settings.CorsOrigins.Count > 0)
            services.AddCors(o => o.AddPolicy(HttpSettings.CorsPolicy, p =>
            {
                if (settings.CorsOrigins.Contains("*")) p.AllowAnyOrigin();
                else p.WithOrigins([.. settings.CorsOrigins]);
                p.WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
                    .WithHeaders(ApiKeyDefaults.Header, "Content-Type", "If-None-Match", "Accept", "Accept-Language")
                    .WithExposedHeaders("ETag", "Location", "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        // Every problem made through ASP.NET's problem-details service (bare status codes, the exception handler) joins the one model.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => Problems.Normalize(c.ProblemDetails, c.HttpContext.Response.StatusCode));
        return services;
    }

    /// <summary>
    /// The pipeline up to routing: unexpected exceptions and bare error statuses (404 route, 405, …) become problems;
    /// security headers and compression on every answer; the request guard; CORS when configured.
    /// </summary>
    public static WebApplication UseHttpManners(this WebApplication app, HttpSettings settings)
    {
        if (settings.Compression) app.UseResponseCompression();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler(e => e.Run(ctx =>
        {
            var error = ctx.Features.Get<IExceptionHandlerFeature>()?.Error;
            return error is BadHttpRequestException bad
                ? Problems.WriteAsync(ctx, ProblemTypes.ForStatus(bad.StatusCode), "The request could not be read.")
                : Problems.WriteAsync(ctx, ProblemTypes.InternalError, "The server failed to handle the request. It has been logged.");
        }));
        app.UseStatusCodePages(ctx =>
        {
            var status = ctx.HttpContext.Response.StatusCode;
            var type = ProblemTypes.ForStatus(status);
            return Problems.WriteAsync(ctx.HttpContext, type, status switch
            {
                404 => "No route matches this path.",
                405 => "This route does not accept this HTTP method.",
                415 => "Send JSON with Content-Type: application/json.",
                _ => "The request could not be handled.",
            });
        });
        app.UseMiddleware<RequestGuard>();
        if (settings.CorsOrigins.Count > 0) app.UseCors(HttpSettings.CorsPolicy);
        app.UseRouting();
        app.UseMiddleware<MediaTypeGuard>();
        return app;
    }

    /// <summary>FastEndpoints' validation and binding failures in the one error model, fields named as clients write them.</summary>
    public static void UseProblemResponses(this ErrorOptions errors, BindingOptions binding)
    {
        errors.ContentType = Problems.ContentType;
        errors.ResponseBuilder = (failures, _, status) => Problems.Validation(failures, status);
        errors.ProducesMetadataType = typeof(Contracts.Problem);
        binding.JsonExceptionTransformer = JsonFailures.From;
        binding.FailureMessage = JsonFailures.QueryFailure;
    }
}
