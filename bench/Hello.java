/** The floor for start-up: a hello-world on the same JDK (bench/run runs it as a jar). */
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
