// kubelet/images owns the images k8ts builds for itself, since no registry is reachable: a reproducible busybox
// root filesystem (Debian's busybox-static plus applet links) written as a tar and `docker import`ed as
// `k8ts/busybox:1` (also tagged `busybox:latest`) and as the pod sandbox image `k8ts/pause:1`.
export {
  ensureImages,
  imageExists,
  BUSYBOX_IMAGE,
  PAUSE_IMAGE,
  PAUSE_COMMAND,
  LOCAL_IMAGES,
} from './ensure-images';
export type { EnsureImagesOptions, LocalImage } from './ensure-images';
export { writeTar, type TarEntry } from './tar-writer';
export { busyboxRootfs, rootfsEntries, DEFAULT_BUSYBOX } from './busybox-rootfs';
