//! Vietnamese (`vi`): the normalizer's artifact and head vocabulary.

use super::Lang;

/// Vietnamese.
pub const LANG: Lang = Lang {
    code: "vi",
    promo: &[
        "xem thêm",
        "đọc thêm",
        "tin liên quan",
        "bài liên quan",
        "có thể bạn quan tâm",
        "tin cùng chuyên mục",
        "đọc nhiều",
        "tin nổi bật",
        "xem tiếp",
    ],
    share: &[
        "chia sẻ",
        "in bài",
        "sao chép liên kết",
        "sao chép link",
        "lưu bài",
        "bình luận",
        "nghe bài viết",
    ],
    ads: &["quảng cáo", "nội dung tài trợ", "tài trợ"],
    subscribe: &["đăng ký", "đăng kí"],
    follow: &["theo dõi chúng tôi trên", "theo dõi"],
    newsletter: &["đăng ký", "đăng kí"],
    newsletter_words: &["bản tin", "newsletter", "email"],
    cookies: &["chúng tôi sử dụng cookie", "trang web này sử dụng cookie"],
    rights: &["bản quyền thuộc về", "mọi quyền được bảo lưu"],
    byline: &["bởi", "tác giả:"],
    and_words: &["và"],
    roles: &["phóng viên", "biên tập viên", "nhà báo", "thông tín viên"],
    date_labels: &[
        "cập nhật lúc",
        "cập nhật",
        "đăng lúc",
        "đăng ngày",
        "ngày đăng:",
    ],
    said: &["cho biết", "nói"],
    ..Lang::EMPTY
};
