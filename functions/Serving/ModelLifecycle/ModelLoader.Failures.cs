using ActressOnnx.Storage;
using Azure;
using Azure.Identity;

namespace ActressOnnx.Serving.ModelLifecycle;

/// <summary>Comparing versions and turning storage exceptions into reasons an operator can act on.</summary>
public sealed partial class ModelLoader
{
    private static bool IsSameVersion(ModelPointer a, ModelPointer b) =>
        a.Version == b.Version && string.Equals(a.Sha256, b.Sha256, StringComparison.OrdinalIgnoreCase);

    private static string? StorageFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ModelStorageException => ex.Message,
        RequestFailedException r =>
            $"Blob Storage refused the request ({r.Status} {r.ErrorCode}): {FirstLine(r.Message)} Check the account, container and the identity's 'Storage Blob Data Reader' role.",
        AuthenticationFailedException => $"Could not sign in to Blob Storage: {FirstLine(ex.Message)} Check the managed identity (ModelStorage__ManagedIdentityClientId).",
        HttpRequestException => $"Blob Storage is unreachable: {ex.Message}",
        // Azure.Core reports a request that failed on every retry as an AggregateException of the attempts.
        AggregateException a when a.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException) =>
            $"Blob Storage is unreachable: {FirstLine(a.InnerExceptions[^1].Message)}",
        OperationCanceledException when !cancellationToken.IsCancellationRequested => $"Blob Storage did not answer in time: {ex.Message}",
        _ => null,
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
