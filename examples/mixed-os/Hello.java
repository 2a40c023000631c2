// The Java task of the mixed-OS demo: one file, run as it is with
// `java Hello.java` (Java 11 and later compile it in memory), an HTTP service
// on $PORT0 that says where it runs.
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Hello {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(System.getenv("PORT0"));
    String task = System.getenv().getOrDefault("CORRAL_TASK_ID", "a task");
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      String text = String.format("Hello from Java %s on %s (%s), %d processors, task %s%n",
          System.getProperty("java.version"), InetAddress.getLocalHost().getHostName(), System.getProperty("os.name"),
          Runtime.getRuntime().availableProcessors(), task);
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("Java listening on " + port);
  }
}
