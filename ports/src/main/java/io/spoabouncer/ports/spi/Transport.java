package io.spoabouncer.ports.spi;

/** Something that receives requests from the proxy and answers them through the {@code RequestHandler}. */
public interface Transport extends Component {
}
