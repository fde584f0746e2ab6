-- One row per user: the UTC days of their first and latest activity (any event), how many
-- distinct days they were active, and their cohort, the week (starting Monday) of their
-- first activity.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

user_days as (
    select
        user_id,
        min(played_date) as first_seen_date,
        max(played_date) as last_seen_date,
        count(distinct played_date) as active_days
    from listen_events
    group by user_id
),

final as (
    select
        user_id,
        first_seen_date,
        last_seen_date,
        active_days,
        cast({{ dbt.date_trunc('week', 'first_seen_date') }} as date) as cohort_week
    from user_days
)

select * from final
