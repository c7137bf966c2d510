using System.Net;
using System.Net.Http.Headers;

namespace R1Gym.Service.Tests;

[Collection(ServerCollection.Name)]
public sealed class AuthTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dGVzdC1rZXk=")]
    public async Task A_request_without_the_right_bearer_key_gets_401(string? authorization)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        if (authorization is not null)
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var health = await http.GetAsync("/v1/health");
        using var runCode = await http.PostAsync("/run_code", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        health.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        runCode.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await health.Content.ReadAsStringAsync()).Should().Contain("unauthorized").And.NotContain(TestServer.Key);
    }

    [Fact]
    public async Task The_key_is_accepted_as_a_bearer_header_or_in_the_url_for_clients_without_headers()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/health") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TestServer.Key) } };

        using var byHeader = await http.SendAsync(request);
        using var byQuery = await http.GetAsync($"/v1/ping?api_key={TestServer.Key}");

        byHeader.StatusCode.Should().Be(HttpStatusCode.OK);
        byQuery.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
