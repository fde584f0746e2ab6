-- Weekly cohort retention: users grouped by the week (starting Monday) of their first
-- activity, and for every later week in which some of them were active, how many and
-- which share of the cohort. Week 0 is the cohort week itself (retention 1); weeks in
-- which nobody of the cohort was active have no row.

with

listen_events as (
    select * from {{ ref('listen_events') }}
),

user_retention as (
    select * from {{ ref('user_retention') }}
),

user_active_weeks as (
    select distinct
        user_id,
        cast({{ dbt.date_trunc('week', 'played_date') }} as date) as activity_week
    from listen_events
),

cohort_sizes as (
    select
        cohort_week,
        count(*) as cohort_size
    from user_retention
    group by cohort_week
),

cohort_activity as (
    select
        user_retention.cohort_week,
        {{ dbt.datediff('user_retention.cohort_week', 'user_active_weeks.activity_week', 'week') }}
            as weeks_since_first_seen,
        count(distinct user_active_weeks.user_id) as active_users
    from user_active_weeks
    inner join user_retention
        on user_active_weeks.user_id = user_retention.user_id
    group by
        user_retention.cohort_week,
        {{ dbt.datediff('user_retention.cohort_week', 'user_active_weeks.activity_week', 'week') }}
),

final as (
    select
        cohort_activity.cohort_week,
        cast(cohort_activity.weeks_since_first_seen as {{ dbt.type_int() }}) as weeks_since_first_seen,
        cohort_activity.active_users,
        cohort_sizes.cohort_size,
        cast(cohort_activity.active_users as {{ dbt.type_numeric() }}) / cohort_sizes.cohort_size
            as retention_rate
    from cohort_activity
    inner join cohort_sizes
        on cohort_activity.cohort_week = cohort_sizes.cohort_week
)

select * from final
