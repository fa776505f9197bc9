package dev.a6.bench;

/** An empty program: the suite times it to show how fast this machine starts any JVM. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
