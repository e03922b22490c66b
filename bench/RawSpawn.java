import java.util.*;
import java.util.concurrent.*;
/** The floor: N starts of `true` through the JDK's ProcessBuilder, W at a time, nothing else. */
public class RawSpawn { public static void main(String[] a) throws Exception {
  int n = Integer.parseInt(a[0]), w = Integer.parseInt(a[1]);
  ExecutorService ex = Executors.newFixedThreadPool(w);
  List<Future<?>> fs = new ArrayList<>();
  for (int i = 0; i < n; i++) fs.add(ex.submit(() -> new ProcessBuilder("true").start().waitFor()));
  for (Future<?> f : fs) f.get();
  ex.shutdown();
}}
