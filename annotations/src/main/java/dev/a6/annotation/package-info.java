/**
 * The annotations a plugin author writes: {@link dev.a6.annotation.Filter} on plugin methods, and
 * the conf annotations on the records those methods take. The a6 annotation processor reads them
 * at compile time; nothing reads them at run time.
 */
package dev.a6.annotation;
