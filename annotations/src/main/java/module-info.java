/** The annotations a6 plugin authors write; read at compile time by the a6 annotation processor. */
// "module": the project's domain, a6.dev, puts a digit at the end of a name component.
@SuppressWarnings("module")
module dev.a6.annotations {
  exports dev.a6.annotation;
}
