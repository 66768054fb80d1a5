// A plan title can be made only by `PlanTitle::new`, which checks its length.
use lighthouse_offer::PlanTitle;

fn main() {
    let _too_long = PlanTitle("x".repeat(201));
}
