//! Image configuration rules, for the images containers use (and, through `dh-image`, for
//! scanned images).

mod healthcheck;
mod root_user;

pub use healthcheck::ImageHealthcheck;
pub use root_user::ImageRootUser;

pub static RULES: &[crate::RuleEntry] = crate::register!(Image: ImageRootUser, ImageHealthcheck);

#[cfg(test)]
pub(crate) mod fixtures {
    use dh_model::Image;

    /// The busybox image recorded with the container fixtures.
    pub fn busybox() -> Image {
        crate::container::fixtures::snapshot()
            .images
            .into_iter()
            .next()
            .expect("fixture has an image")
    }
}
