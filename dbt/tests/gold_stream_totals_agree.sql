-- Every gold table that counts streams accounts for each stream in fct_plays exactly once,
-- and every user falls in exactly one retention cohort. Returns the totals that disagree.

with

fct_plays as (
    select * from {{ ref('fct_plays') }}
),

dim_users as (
    select * from {{ ref('dim_users') }}
),

user_engagement as (
    select * from {{ ref('user_engagement') }}
),

daily_user_stats as (
    select * from {{ ref('daily_user_stats') }}
),

skip_rate_by_track as (
    select * from {{ ref('skip_rate_by_track') }}
),

device_usage as (
    select * from {{ ref('device_usage') }}
),

weekly_cohort_retention as (
    select * from {{ ref('weekly_cohort_retention') }}
),

totals as (
    select 'user_engagement.streams' as total_name, sum(streams) as total from user_engagement
    union all
    select 'daily_user_stats.streams' as total_name, sum(streams) as total from daily_user_stats
    union all
    select 'skip_rate_by_track.streams' as total_name, sum(streams) as total from skip_rate_by_track
    union all
    select 'device_usage.streams' as total_name, sum(streams) as total from device_usage
),

expected_totals as (
    select count(*) as expected_total from fct_plays
),

stream_mismatches as (
    select
        totals.total_name,
        totals.total,
        expected_totals.expected_total
    from totals
    cross join expected_totals
    where coalesce(totals.total, 0) <> expected_totals.expected_total
),

cohort_users as (
    select sum(cohort_size) as total
    from weekly_cohort_retention
    where weeks_since_first_seen = 0
),

user_count as (
    select count(*) as expected_total from dim_users
),

cohort_mismatches as (
    select
        'weekly_cohort_retention.cohort_size' as total_name,
        cohort_users.total,
        user_count.expected_total
    from cohort_users
    cross join user_count
    where coalesce(cohort_users.total, 0) <> user_count.expected_total
),

final as (
    select * from stream_mismatches
    union all
    select * from cohort_mismatches
)

select * from final
